//! The OAuth2 app's clients: `oauth2:add-client` and `oauth2:delete-client` (NC ≥ 35).

use crate::map;
use crate::model::Instance;

use super::args::Args;
use super::common::{need, not_defined, write_array, Outcome};

/// Runs the `oauth2:` commands.
pub(super) fn command(name: &str, a: &Args, inst: &mut Instance, mut o: Outcome) -> Outcome {
    match name {
        // §5.5 (NC ≥ 35)
        "oauth2:add-client" => {
            let name = need!(o, a, 0, "client-name");
            let uri = need!(o, a, 1, "client-redirect-uri");
            if name.is_empty() || uri.is_empty() {
                return o.fail(1, "<error>Redirect uri or name is empty</error>");
            }
            match crate::oauth::add_client(inst, &name, &uri) {
                Ok(c) => {
                    let v = map![
                        ("id", c.id as i64),
                        ("name", c.name),
                        ("redirectUri", c.redirect_uri),
                        ("clientId", c.client_id),
                        ("clientSecret", c.secret_hash),
                    ];
                    write_array(&mut o, a, &v);
                }
                Err(_) => {
                    return o.fail(1, format!("<error>{}</error>", crate::oauth::BAD_REDIRECT))
                }
            }
        }
        // apps/oauth2/lib/Command/DeleteClient.php (NC ≥ 35): by the internal id; it also
        // revokes the client's tokens.
        "oauth2:delete-client" => {
            let raw = need!(o, a, 0, "client-id");
            let Some(id) = raw.parse::<u64>().ok().filter(|i| *i > 0) else {
                return o.fail(
                    1,
                    "<error>The given id is not a valid positive integer.</error>",
                );
            };
            if !crate::oauth::delete_client(inst, id) {
                return o.fail(
                    1,
                    format!("<error>could not find client with id {id}</error>"),
                );
            }
        }
        other => return not_defined(o, other),
    }
    o
}
