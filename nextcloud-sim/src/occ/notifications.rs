//! Notifications to a user: `notification:generate`.

use crate::model::Instance;

use super::args::Args;
use super::common::{need, not_defined, Outcome};

/// Runs the `notification:` commands.
pub(super) fn command(name: &str, a: &Args, inst: &mut Instance, mut o: Outcome) -> Outcome {
    match name {
        // §6 notify (notifications Generate.php)
        "notification:generate" => {
            let uid = need!(o, a, 0, "user-id");
            let short = need!(o, a, 1, "short-message");
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>Unknown user</error>");
            }
            let long = a.opt("long-message").unwrap_or("").to_string();
            if short.is_empty() || short.chars().count() > 255 || long.chars().count() > 4000 {
                return o.fail(1, "<error>Too long or empty short-message</error>");
            }
            let id = inst.next_id();
            inst.notifications.push(crate::model::Notification {
                id,
                uid,
                short,
                long,
            });
            if a.has("output-id-only") {
                o.out(id.to_string());
            } else {
                o.out(format!("Notification with ID {id}"));
            }
        }
        other => return not_defined(o, other),
    }
    o
}
