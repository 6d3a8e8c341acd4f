//! Textbook queueing formulas the theory tests hold the simulator to, with unit tests
//! of the formulas themselves against hand-derived numbers and against each other.
//!
//! Rates are per hour, times in hours. Nothing here knows the simulator.

/// The stationary finite-source M/M/c//N queue (machine-repairman): N sources that each
/// raise a request after an exponential working interval of rate λ and stay blocked
/// until one of c servers (exponential service of rate μ) has served it.
#[derive(Debug, Clone)]
pub struct Repairman {
    /// p\[n\]: probability that n sources are blocked (queued or in service), n = 0..=N.
    pub p: Vec<f64>,
    /// Mean number blocked, L.
    pub l: f64,
    /// Mean number queued (not in service), Lq.
    pub lq: f64,
    /// Rate of requests, λ_eff = λ(N − L).
    pub throughput: f64,
    /// Mean time from request to unblocked, W = L / λ_eff.
    pub w: f64,
    /// Mean time from request to the start of service, Wq = Lq / λ_eff.
    pub wq: f64,
    /// Share of time one server is busy, ρ = λ_eff / (c μ) = (L − Lq) / c.
    pub server_util: f64,
    /// Share of time a source is working, (N − L) / N.
    pub working_share: f64,
}

/// Solves the machine-repairman queue: p_n ∝ C(N, n) rⁿ for n ≤ c and
/// p_n ∝ C(N, n) n! / (c! c^(n−c)) rⁿ for n > c, with r = λ/μ (Gross & Harris §2.8).
pub fn machine_repairman(n: u32, c: u32, lambda: f64, mu: f64) -> Repairman {
    assert!(n >= 1 && c >= 1 && lambda > 0.0 && mu > 0.0);
    let r = lambda / mu;
    // Unnormalised weights by the ratio p_k / p_{k−1} = (N − k + 1) r / min(k, c).
    let mut w = vec![1.0_f64; n as usize + 1];
    for k in 1..=n {
        w[k as usize] = w[k as usize - 1] * f64::from(n - k + 1) * r / f64::from(k.min(c));
    }
    let total: f64 = w.iter().sum();
    let p: Vec<f64> = w.iter().map(|x| x / total).collect();
    let l: f64 = p.iter().enumerate().map(|(k, pk)| k as f64 * pk).sum();
    let lq: f64 = p
        .iter()
        .enumerate()
        .map(|(k, pk)| (k as f64 - f64::from(c)).max(0.0) * pk)
        .sum();
    let throughput = lambda * (f64::from(n) - l);
    Repairman {
        l,
        lq,
        throughput,
        w: l / throughput,
        wq: lq / throughput,
        server_util: throughput / (f64::from(c) * mu),
        working_share: (f64::from(n) - l) / f64::from(n),
        p,
    }
}

/// Erlang's C formula: the probability that an arrival to an M/M/c queue with offered
/// load a = λ/μ (< c) has to wait.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    assert!(c >= 1 && a >= 0.0 && a < f64::from(c), "needs 0 <= a < c");
    // Σ_{k<c} a^k/k! and a^c/c!, built term by term.
    let mut term = 1.0;
    let mut below = 0.0;
    for k in 0..c {
        below += term;
        term *= a / f64::from(k + 1);
    }
    let top = term * f64::from(c) / (f64::from(c) - a);
    top / (below + top)
}

/// Mean wait before service in M/M/c: Wq = C(c, a) / (cμ − λ).
pub fn mmc_wq(c: u32, lambda: f64, mu: f64) -> f64 {
    erlang_c(c, lambda / mu) / (f64::from(c) * mu - lambda)
}

/// Mean number waiting in M/M/c: Lq = λ Wq.
pub fn mmc_lq(c: u32, lambda: f64, mu: f64) -> f64 {
    lambda * mmc_wq(c, lambda, mu)
}

/// First two moments of a service time, and its TOML spelling for a scenario file.
#[derive(Debug, Clone)]
pub struct Service {
    /// E\[S\].
    pub mean: f64,
    /// E\[S²\].
    pub second: f64,
    /// The distribution as a scenario-file value.
    pub toml: String,
}

impl Service {
    /// Always `v`.
    pub fn constant(v: f64) -> Self {
        Service {
            mean: v,
            second: v * v,
            toml: format!("{{ dist = \"const\", value = {v:?} }}"),
        }
    }
    /// Exponential with mean m: E\[S²\] = 2m².
    pub fn exp(m: f64) -> Self {
        Service {
            mean: m,
            second: 2.0 * m * m,
            toml: format!("{{ dist = \"exp\", mean = {m:?} }}"),
        }
    }
    /// Uniform on \[a, b\]: E\[S²\] = (a² + ab + b²)/3.
    pub fn uniform(a: f64, b: f64) -> Self {
        Service {
            mean: (a + b) / 2.0,
            second: (a * a + a * b + b * b) / 3.0,
            toml: format!("{{ dist = \"uniform\", min = {a:?}, max = {b:?} }}"),
        }
    }
    /// Triangular on \[a, b\] with mode m: Var = (a² + b² + m² − ab − am − bm)/18.
    pub fn triangular(a: f64, m: f64, b: f64) -> Self {
        let mean = (a + m + b) / 3.0;
        let var = (a * a + b * b + m * m - a * b - a * m - b * m) / 18.0;
        Service {
            mean,
            second: var + mean * mean,
            toml: format!("{{ dist = \"triangular\", min = {a:?}, mode = {m:?}, max = {b:?} }}"),
        }
    }
    /// Log-normal with its own mean and sd: E\[S²\] = mean² + sd².
    pub fn lognormal(mean: f64, sd: f64) -> Self {
        Service {
            mean,
            second: mean * mean + sd * sd,
            toml: format!("{{ dist = \"lognormal\", mean = {mean:?}, sd = {sd:?} }}"),
        }
    }
    /// Gamma with its mean and sd: E\[S²\] = mean² + sd².
    pub fn gamma(mean: f64, sd: f64) -> Self {
        Service {
            mean,
            second: mean * mean + sd * sd,
            toml: format!("{{ dist = \"gamma\", mean = {mean:?}, sd = {sd:?} }}"),
        }
    }
}

/// Pollaczek–Khinchine: mean wait before service in M/G/1, Wq = λ E\[S²\] / (2(1 − ρ)).
pub fn mg1_wq(lambda: f64, s: &Service) -> f64 {
    let rho = lambda * s.mean;
    assert!(rho < 1.0, "M/G/1 needs ρ < 1, got {rho}");
    lambda * s.second / (2.0 * (1.0 - rho))
}

/// Cobham: mean wait before service of each class in a non-preemptive priority M/G/1,
/// classes given best priority first as (λ_k, S_k):
/// W_k = W0 / ((1 − σ_{k−1})(1 − σ_k)), W0 = Σ λ_i E\[S_i²\] / 2, σ_k = Σ_{i≤k} ρ_i.
pub fn cobham_wq(classes: &[(f64, Service)]) -> Vec<f64> {
    let w0: f64 = classes.iter().map(|(l, s)| l * s.second / 2.0).sum();
    let mut sigma_before = 0.0;
    classes
        .iter()
        .map(|(l, s)| {
            let sigma = sigma_before + l * s.mean;
            assert!(sigma < 1.0, "priority M/G/1 needs total ρ < 1");
            let w = w0 / ((1.0 - sigma_before) * (1.0 - sigma));
            sigma_before = sigma;
            w
        })
        .collect()
}

/// Preemptive-resume priority M/G/1, best class: it never sees the others, so its
/// wait before (first) service is the M/G/1 wait of that class alone.
pub fn preemptive_high_wq(lambda_high: f64, s_high: &Service) -> f64 {
    mg1_wq(lambda_high, s_high)
}

#[cfg(test)]
mod formula_tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn erlang_c_for_two_servers_at_load_one_is_one_third() {
        // a^c/c! · c/(c−a) = 1/2 · 2 = 1; Σ_{k<2} a^k/k! = 2; C = 1/(2 + 1).
        assert!(close(erlang_c(2, 1.0), 1.0 / 3.0, 1e-12));
    }

    #[test]
    fn erlang_c_with_one_server_is_the_utilisation() {
        for rho in [0.1, 0.5, 0.9] {
            assert!(close(erlang_c(1, rho), rho, 1e-12));
        }
    }

    #[test]
    fn mmc_with_one_server_is_mm1() {
        // M/M/1: Wq = ρ / (μ − λ).
        let (lambda, mu) = (0.7, 1.3);
        let rho = lambda / mu;
        assert!(close(mmc_wq(1, lambda, mu), rho / (mu - lambda), 1e-12));
    }

    #[test]
    fn mmc_textbook_value() {
        // c = 3, λ = 2, μ = 1: a = 2; Σ_{k<3} = 1 + 2 + 2 = 5; a³/3! · 3/(3−2) = 4;
        // C = 4/9, Wq = (4/9)/(3 − 2) = 4/9.
        assert!(close(erlang_c(3, 2.0), 4.0 / 9.0, 1e-12));
        assert!(close(mmc_wq(3, 2.0, 1.0), 4.0 / 9.0, 1e-12));
    }

    #[test]
    fn pollaczek_khinchine_reduces_to_mm1_and_md1() {
        let (lambda, m) = (0.6, 1.0);
        let mm1 = mg1_wq(lambda, &Service::exp(m));
        assert!(close(mm1, mmc_wq(1, lambda, 1.0 / m), 1e-12));
        // Deterministic service halves the M/M/1 wait.
        assert!(close(
            mg1_wq(lambda, &Service::constant(m)),
            mm1 / 2.0,
            1e-12
        ));
    }

    #[test]
    fn machine_repairman_two_machines_one_repairman() {
        // N = 2, c = 1, λ = μ = 1: weights 1, 2, 2 → p = 0.2, 0.4, 0.4;
        // L = 1.2, Lq = 0.4, λ_eff = 0.8, W = 1.5, Wq = 0.5, ρ = 0.8.
        let q = machine_repairman(2, 1, 1.0, 1.0);
        assert!(close(q.p[0], 0.2, 1e-12) && close(q.p[2], 0.4, 1e-12));
        assert!(close(q.l, 1.2, 1e-12));
        assert!(close(q.lq, 0.4, 1e-12));
        assert!(close(q.throughput, 0.8, 1e-12));
        assert!(close(q.w, 1.5, 1e-12));
        assert!(close(q.wq, 0.5, 1e-12));
        assert!(close(q.server_util, 0.8, 1e-12));
        assert!(close(q.working_share, 0.4, 1e-12));
    }

    #[test]
    fn machine_repairman_single_source_is_two_state() {
        // One source alternates Exp(λ) working and Exp(μ) service: L = λ/(λ + μ), Wq = 0.
        let (lambda, mu) = (0.3, 2.0);
        let q = machine_repairman(1, 1, lambda, mu);
        assert!(close(q.l, lambda / (lambda + mu), 1e-12));
        assert_eq!(q.lq, 0.0);
        assert!(close(q.w, 1.0 / mu, 1e-12));
    }

    #[test]
    fn machine_repairman_utilisation_agrees_both_ways() {
        // Busy servers on average (L − Lq) equal offered work λ_eff/μ.
        for (n, c, lambda, mu) in [
            (6, 1, 1.0 / 6.0, 2.0),
            (12, 2, 0.25, 1.0),
            (20, 3, 0.1, 0.8),
        ] {
            let q = machine_repairman(n, c, lambda, mu);
            assert!(close((q.l - q.lq) / f64::from(c), q.server_util, 1e-10));
            assert!(close(q.p.iter().sum::<f64>(), 1.0, 1e-12));
        }
    }

    #[test]
    fn machine_repairman_tends_to_mmc_with_many_sources() {
        // N → ∞ with Nλ fixed: the finite source becomes Poisson, the queue M/M/c.
        // The finite-source correction is O(1/N) (here about 35/N relative), so the
        // error must be small and must shrink as N grows.
        let (total, c, mu) = (1.5, 2, 1.0);
        let err = |n: u32| {
            let q = machine_repairman(n, c, total / f64::from(n), mu);
            (q.wq - mmc_wq(c, total, mu)).abs() / mmc_wq(c, total, mu)
        };
        assert!(err(200_000) < 1e-3, "relative error {}", err(200_000));
        assert!(err(200_000) < err(20_000) / 5.0);
    }

    #[test]
    fn cobham_with_one_class_is_pollaczek_khinchine() {
        let s = Service::lognormal(1.0, 1.5);
        assert!(close(
            cobham_wq(&[(0.5, s.clone())])[0],
            mg1_wq(0.5, &s),
            1e-12
        ));
    }

    #[test]
    fn cobham_obeys_kleinrocks_conservation_law() {
        // Work-conserving non-preemptive disciplines keep Σ ρ_k W_k = ρ W0 / (1 − ρ).
        let classes = [
            (0.3, Service::exp(1.0)),
            (0.2, Service::uniform(0.5, 1.5)),
            (0.1, Service::constant(2.0)),
        ];
        let w = cobham_wq(&classes);
        let rho: f64 = classes.iter().map(|(l, s)| l * s.mean).sum();
        let w0: f64 = classes.iter().map(|(l, s)| l * s.second / 2.0).sum();
        let lhs: f64 = classes
            .iter()
            .zip(&w)
            .map(|((l, s), wk)| l * s.mean * wk)
            .sum();
        assert!(close(lhs, rho * w0 / (1.0 - rho), 1e-12));
        assert!(w[0] < w[1] && w[1] < w[2]);
    }

    #[test]
    fn service_moments_match_closed_forms() {
        // Triangular(0, 0, 1): mean 1/3, E[S²] = 1/6. Uniform(0, 1): E[S²] = 1/3.
        let t = Service::triangular(0.0, 0.0, 1.0);
        assert!(close(t.mean, 1.0 / 3.0, 1e-12) && close(t.second, 1.0 / 6.0, 1e-12));
        assert!(close(Service::uniform(0.0, 1.0).second, 1.0 / 3.0, 1e-12));
        assert!(close(Service::gamma(2.0, 1.0).second, 5.0, 1e-12));
    }
}
