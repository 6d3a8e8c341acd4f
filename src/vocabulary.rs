//! Closed vocabularies: enums whose every variant has one fixed name in scenario
//! files, CSV columns or the report (duties, metrics, warning signs, verdicts …).
//!
//! [`named_enum!`] declares such an enum from one list of `Variant => "name"` pairs,
//! so the variants, their order, their number and their names are written once and
//! cannot drift apart. Reading a name back (`from_name`) is the inverse of writing it
//! (`name`) by construction, and two variants with one name do not compile.

/// Declares an enum from one list of `Variant => "name"` pairs and generates, on it:
///
/// - `COUNT`, the number of variants, and `ALL`, every variant in the order listed
///   (the order of columns and rows that list them);
/// - `name()`, the variant's name, and `from_name()`, its inverse (`None` for a name
///   not in the list); `NAMES`, every name in the order of `ALL`;
/// - `index()`, the position in `ALL`, for arrays indexed by the enum.
///
/// Attributes (doc comments, derives) on the enum and on each variant are kept. The
/// enum must derive `Clone` and `Copy`; the variants carry no data. Two variants with
/// the same name are a compile error.
///
/// ```text
/// named_enum! {
///     /// A duty.
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Duty {
///         /// Evaluating requests.
///         Triage => "triage",
///         /// Answering questions.
///         Answer => "answer",
///     }
/// }
/// ```
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$variant_meta])* $variant ),+
        }

        // Names must be unique, or `from_name` would not be the inverse of `name`.
        const _: () = {
            let names = [$( $text ),+];
            let mut i = 0;
            while i < names.len() {
                let mut j = i + 1;
                while j < names.len() {
                    assert!(
                        !$crate::vocabulary::same_text(names[i], names[j]),
                        concat!("two variants of ", stringify!($name), " share a name")
                    );
                    j += 1;
                }
                i += 1;
            }
        };

        impl $name {
            /// Number of variants.
            pub const COUNT: usize = [$( $name::$variant ),+].len();

            /// Every variant, in the order of [`Self::index`].
            pub const ALL: [$name; $name::COUNT] = [$( $name::$variant ),+];

            /// Every name, in the order of [`Self::ALL`].
            pub const NAMES: [&'static str; $name::COUNT] = [$( $text ),+];

            /// The name, as files and outputs spell it.
            pub const fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => $text ),+
                }
            }

            /// The variant spelt `name`; `None` for a name not in the vocabulary.
            pub fn from_name(name: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.name() == name)
            }

            /// Position in [`Self::ALL`], for arrays indexed by the enum.
            pub const fn index(self) -> usize {
                self as usize
            }
        }
    };
}

pub(crate) use named_enum;

/// Whether two texts are equal, in a `const` context (where `==` on `str` is not
/// available): the uniqueness check of [`named_enum!`].
pub(crate) const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    named_enum! {
        /// A vocabulary for the tests.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Colour {
            /// The first.
            Red => "red",
            LightBlue => "light blue",
        }
    }

    #[test]
    fn names_read_back_to_their_variants() {
        assert_eq!(Colour::COUNT, 2);
        assert_eq!(Colour::ALL, [Colour::Red, Colour::LightBlue]);
        for c in Colour::ALL {
            assert_eq!(Colour::from_name(c.name()), Some(c));
            assert_eq!(Colour::ALL[c.index()], c);
        }
        assert_eq!(Colour::LightBlue.name(), "light blue");
        assert_eq!(Colour::NAMES, ["red", "light blue"]);
        assert_eq!(Colour::from_name("green"), None);
        assert_eq!(Colour::from_name("Red"), None);
    }

    #[test]
    fn texts_compare_byte_for_byte() {
        assert!(super::same_text("red", "red"));
        assert!(!super::same_text("red", "rex"));
        assert!(!super::same_text("red", "reds"));
        assert!(super::same_text("", ""));
    }
}
