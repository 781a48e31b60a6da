//! The apps of an instance: `app:enable`, `app:disable` and `app:list`.

use crate::map;
use crate::model::{catalog, Instance};
use crate::php::Php;

use super::args::Args;
use super::common::{not_defined, plain_lines, symfony_block, write_array, Outcome};

/// Runs the `app:` commands.
pub(super) fn command(name: &str, a: &Args, inst: &mut Instance, mut o: Outcome) -> Outcome {
    match name {
        // §6 apps (App/Enable.php): fetched "from the app store" when missing
        "app:enable" => {
            if a.pos.is_empty() {
                return o.fail(
                    1,
                    symfony_block(&["Not enough arguments (missing: \"app-id\")."]),
                );
            }
            for id in &a.pos {
                match inst.enable_app(id) {
                    Ok((true, version)) => o.out(format!("{id} {version} enabled")),
                    Ok((false, _)) => o.out(format!("{id} already enabled")),
                    Err(e) => {
                        o.out(e);
                        o.code = 1;
                    }
                }
            }
        }
        // §6: a disabled app is exit 0; an always-enabled one exit 2
        "app:disable" => {
            if a.pos.is_empty() {
                return o.fail(
                    1,
                    symfony_block(&["Not enough arguments (missing: \"app-id\")."]),
                );
            }
            for id in &a.pos {
                if catalog(id).is_some_and(|c| c.always) {
                    o.err(format!("{id} can't be disabled."));
                    o.code = 2;
                    continue;
                }
                match inst.apps.get_mut(id) {
                    Some(st) if st.enabled => {
                        st.enabled = false;
                        o.out(format!("{id} {} disabled", st.version));
                    }
                    _ => o.out(format!("No such app enabled: {id}")),
                }
            }
        }
        // §6: an empty part is `[]`, PHP's empty array
        "app:list" => {
            let shipped = a.opt("shipped");
            let keep = |id: &str| match shipped {
                Some("true") => catalog(id).is_some_and(|c| c.shipped),
                Some("false") => !catalog(id).is_some_and(|c| c.shipped),
                _ => true,
            };
            let part = |en: bool| {
                Php::Map(
                    inst.apps
                        .iter()
                        .filter(|(id, s)| s.enabled == en && keep(id))
                        .map(|(id, s)| (id.clone(), Php::Str(s.version.clone())))
                        .collect(),
                )
            };
            let v = map![("enabled", part(true)), ("disabled", part(false))];
            if a.json() {
                write_array(&mut o, a, &v);
            } else {
                for (title, en) in [("Enabled:", true), ("Disabled:", false)] {
                    o.out(title);
                    plain_lines(&mut o, &part(en), "  - ");
                }
            }
        }
        other => return not_defined(o, other),
    }
    o
}
