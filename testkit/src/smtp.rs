//! A real SMTP listener on loopback that accepts every mail and keeps it for the test: the
//! mail tests and the worker-process tests send through the portal's real SMTP transport.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One mail as the sink received it: the envelope and the message as sent.
#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

/// The listener, until dropped. A recipient `nobody@…` is refused for good (`550`), for
/// tests of permanent refusals.
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    hold: Arc<Hold>,
    task: tokio::task::JoinHandle<()>,
}

/// Holding the reply to one mail: the sink keeps the mail, tells the test, and answers
/// `250` only when the test releases it (never, if the test does not).
#[derive(Default)]
struct Hold {
    /// The 1-based number of the mail whose reply waits.
    nth: Mutex<Option<usize>>,
    arrived: tokio::sync::Notify,
    release: tokio::sync::Notify,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    /// A sink on a free port.
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    /// A sink that holds its reply to the `nth` mail (see [`SmtpSink::held`]).
    pub async fn holding(nth: usize) -> Self {
        let sink = Self::start_on(0).await;
        *sink.hold.nth.lock().unwrap() = Some(nth);
        sink
    }

    /// Waits until the held mail has arrived (the sender now waits for the reply).
    pub async fn held(&self) {
        self.hold.arrived.notified().await;
    }

    /// Answers `250` to the held mail.
    pub fn release(&self) {
        self.hold.release.notify_one();
    }

    /// A sink on `port` (0 for a free one).
    pub async fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind smtp");
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let hold = Arc::new(Hold::default());
        let (store, held) = (messages.clone(), hold.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (store, held) = (store.clone(), held.clone());
                tokio::spawn(async move {
                    let _ = session(stream, store, held).await;
                });
            }
        });
        Self {
            port,
            messages,
            hold,
            task,
        }
    }

    /// The mails received so far.
    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().unwrap().clone()
    }

    /// Waits until at least `n` mails arrived (or a few seconds passed).
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..100 {
            if self.messages.lock().unwrap().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.messages()
    }
}

async fn session(
    stream: tokio::net::TcpStream,
    store: Arc<Mutex<Vec<Received>>>,
    hold: Arc<Hold>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") {
            b"250 sink.test\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = line[10..].trim().to_string();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            let address = line[8..].trim().trim_matches(['<', '>']).to_string();
            // A mailbox that does not exist, for tests of permanent refusals.
            if address.starts_with("nobody@") {
                b"550 5.1.1 mailbox unavailable\r\n"
            } else {
                to.push(address);
                b"250 OK\r\n"
            }
        } else if upper.starts_with("DATA") {
            write.write_all(b"354 go ahead\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            let count = {
                let mut store = store.lock().unwrap();
                store.push(Received {
                    from: std::mem::take(&mut from),
                    to: std::mem::take(&mut to),
                    data,
                });
                store.len()
            };
            if *hold.nth.lock().unwrap() == Some(count) {
                hold.arrived.notify_one();
                hold.release.notified().await;
            }
            b"250 queued\r\n"
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}
