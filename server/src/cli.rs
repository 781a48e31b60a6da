//! What the subcommands share: the usage text, and the database's connection.

use server::config::Config;

pub(crate) const USAGE: &str = "\
Usage: framaspace [--config FILE] <command>

Commands:
  serve     serve the portal (and the metrics, if configured)
  worker    run the job queue: mail, periodic sweeps (any number, anywhere)
  migrate   apply database migrations
  demo      seed demo content (once; running it again changes nothing)
  config    print the configuration in effect, secrets hidden
  routes    print every route with its method and who may call it (--json for tools)
  staff add <email> --role moderator|admin
  staff list
  staff remove <email>
  staff role <email> moderator|admin
  staff forum <email> yes|no   give the forum's moderation, or take it back (admins have it)
  registrations list   registration windows, and whether one is open now
  registrations open <opens> <closes> [--cap N] [--note-fr TEXT] [--note-en TEXT]
                       plan a window; times on the clock of Paris, as 2027-01-15T09:00
  applications list [unconfirmed|confirmed|question|waitlisted|approved|rejected|withdrawn|expired]
                                 the moderation queue (waiting ones by default)
  applications show <id>        every answer, hints, possible duplicates, history
  applications approve <id> --as <staff email>
  applications reject <id> --as <staff email> --reason company|public-body|large|not-a-collective|other [--note TEXT]
  applications export <id>      everything kept about an application, as JSON
  applications erase <id>       erase an application, its history and its mails
  hosts list           the Nextcloud hosts, their spaces and storage against capacity
  hosts add <name> --occ TEMPLATE --host-script TEMPLATE --ocs-url URL --version N
                   --database SERVER --spaces N --storage SIZE [--parallel N]
                   [--office-url URL] [--office-secret-from-env VAR] [--connect-to IP:PORT]
                   [--arguments shell|direct]
                       the arguments reach a shell (ssh, a wrapper: quoted, the default)
                       or the program as they are (direct: a local program only)
                       e.g. --occ 'ssh -T {host} sudo /usr/local/bin/framaspace-occ {slug}'
                       --host-script 'ssh -T {host} sudo /usr/local/sbin/framaspace-host {slug}'
                       --ocs-url 'https://{slug}.frama.space' --storage '40 TB'
  hosts drain <name>   no new space goes there
  hosts activate <name>
  jobs list [ready|running|done|dead|cancelled]
  jobs retry <id>      run a dead or cancelled job again
  jobs cancel <id>     cancel a waiting, running or dead job

The configuration file defaults to $FRAMASPACE_CONFIG; environment variables
FRAMASPACE_<SECTION>__<KEY> and DATABASE_URL override it.";

/// The database of `config`, or why it could not be reached.
pub(crate) async fn connect(config: &Config) -> Result<sqlx::PgPool, String> {
    backend::db::connect(
        config.database.url.expose(),
        config.database.max_connections,
    )
    .await
    .map_err(|e| format!("cannot connect to the database: {e}"))
}
