//! Prometheus metrics, served on their own address so they never face the public.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use backend::jobs::JobState;

/// Upper bounds of the request-duration histogram, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
pub struct Metrics {
    /// Responses by status class: 1xx..5xx.
    responses: [AtomicU64; 5],
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Metrics {
    pub fn observe(&self, status: u16, elapsed: Duration) {
        let class = ((status / 100).clamp(1, 5) - 1) as usize;
        self.responses[class].fetch_add(1, Ordering::Relaxed);
        let secs = elapsed.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    /// The text exposition format, with the outbox and job counts read by the caller.
    pub fn render(
        &self,
        outbox: Option<backend::mail::OutboxStats>,
        jobs: Option<backend::jobs::JobStats>,
    ) -> String {
        let db_up = outbox.is_some() && jobs.is_some();
        let mut out = String::new();
        out.push_str("# HELP framaspace_http_responses_total HTTP responses by status class.\n");
        out.push_str("# TYPE framaspace_http_responses_total counter\n");
        for (i, c) in self.responses.iter().enumerate() {
            let _ = writeln!(
                out,
                "framaspace_http_responses_total{{class=\"{}xx\"}} {}",
                i + 1,
                c.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP framaspace_http_request_duration_seconds Time to response headers.\n");
        out.push_str("# TYPE framaspace_http_request_duration_seconds histogram\n");
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "framaspace_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                self.buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "framaspace_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "framaspace_http_request_duration_seconds_sum {}",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(
            out,
            "framaspace_http_request_duration_seconds_count {count}"
        );
        out.push_str("# HELP framaspace_occ_commands_total occ commands this process started.\n");
        out.push_str("# TYPE framaspace_occ_commands_total counter\n");
        let _ = writeln!(
            out,
            "framaspace_occ_commands_total {}",
            backend::nextcloud::occ::Occ::started()
        );
        out.push_str("# HELP framaspace_database_up Whether the database answered.\n");
        out.push_str("# TYPE framaspace_database_up gauge\n");
        let _ = writeln!(out, "framaspace_database_up {}", u8::from(db_up));
        if let Some(s) = outbox {
            out.push_str("# HELP framaspace_mail_outbox Mails in the outbox by state.\n");
            out.push_str("# TYPE framaspace_mail_outbox gauge\n");
            for (state, n) in [
                ("pending", s.pending),
                ("sent", s.sent),
                ("failed", s.failed),
            ] {
                let _ = writeln!(out, "framaspace_mail_outbox{{state=\"{state}\"}} {n}");
            }
        }
        if let Some(s) = jobs {
            out.push_str("# HELP framaspace_jobs Jobs in the queue by state.\n");
            out.push_str("# TYPE framaspace_jobs gauge\n");
            for (state, n) in [
                (JobState::Ready.as_str(), s.ready),
                (JobState::Running.as_str(), s.running),
                (JobState::Done.as_str(), s.done),
                (JobState::Dead.as_str(), s.dead),
                (JobState::Cancelled.as_str(), s.cancelled),
            ] {
                let _ = writeln!(out, "framaspace_jobs{{state=\"{state}\"}} {n}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative() {
        let m = Metrics::default();
        m.observe(200, Duration::from_micros(500));
        m.observe(404, Duration::from_millis(30));
        m.observe(503, Duration::from_secs(10));
        let text = m.render(
            Some(backend::mail::OutboxStats::default()),
            Some(backend::jobs::JobStats {
                dead: 2,
                ..Default::default()
            }),
        );
        assert!(text.contains("framaspace_database_up 1"));
        assert!(text.contains("framaspace_jobs{state=\"dead\"} 2"));
        assert!(m.render(None, None).contains("framaspace_database_up 0"));
        assert!(text.contains("framaspace_http_responses_total{class=\"2xx\"} 1"));
        assert!(text.contains("framaspace_http_responses_total{class=\"4xx\"} 1"));
        assert!(text.contains("framaspace_http_responses_total{class=\"5xx\"} 1"));
        assert!(text.contains("framaspace_http_request_duration_seconds_bucket{le=\"0.001\"} 1"));
        assert!(text.contains("framaspace_http_request_duration_seconds_bucket{le=\"0.05\"} 2"));
        assert!(text.contains("framaspace_http_request_duration_seconds_bucket{le=\"+Inf\"} 3"));
    }
}
