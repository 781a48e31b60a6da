//! `framaspace staff ...`: the team's accounts, for the operator (who has the server).

use server::config::Config;

use crate::cli::{connect, USAGE};

fn parse_role(s: &str) -> Result<backend::accounts::Role, String> {
    backend::accounts::Role::parse(s)
        .ok_or_else(|| format!("unknown role {s:?}: moderator or admin"))
}

/// `framaspace staff ...`: staff accounts, for the operator.
pub(crate) async fn staff(config: Config, args: &[String]) -> Result<(), String> {
    use backend::accounts::{self, AddOutcome};
    let pool = connect(&config).await?;
    let ctx = backend::Ctx::new(pool.clone(), config.backend_settings());
    let operator = accounts::Admin::command_line();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let failed = |e: backend::Error| e.to_string();
    let email = |raw: &str| {
        backend::Email::parse(raw)
            .map_err(|code| format!("{raw:?} is not a valid e-mail address ({code})"))
    };
    match args.as_slice() {
        ["add", raw, "--role", role] | ["add", "--role", role, raw] => {
            let role = parse_role(role)?;
            let email = email(raw)?;
            match accounts::add_staff(&ctx, &operator, &email, role)
                .await
                .map_err(failed)?
            {
                AddOutcome::Added => println!("added {email} as {}", role.as_str()),
                AddOutcome::AlreadyStaff(r) => println!(
                    "{email} is already staff ({}); use `staff role` to change it",
                    r.as_str()
                ),
            }
        }
        ["list"] => {
            let list = accounts::staff_accounts(&ctx, &operator)
                .await
                .map_err(failed)?;
            if list.is_empty() {
                println!("no staff accounts yet: framaspace staff add <email> --role admin");
            }
            for a in list {
                println!(
                    "{:<40} {:<10} forum moderator: {:<3} second factor: {:<3} open sessions: {}  since {}",
                    a.email,
                    a.role.as_str(),
                    if a.forum_moderator { "yes" } else { "no" },
                    if a.totp_enabled { "yes" } else { "no" },
                    a.active_logins,
                    a.created_at.format("%Y-%m-%d")
                );
            }
        }
        ["remove", raw] => {
            let email = email(raw)?;
            if !accounts::remove_staff(&ctx, &operator, &email)
                .await
                .map_err(failed)?
            {
                return Err(format!("no staff account for {email}"));
            }
            println!("removed {email}; its sessions have ended");
        }
        ["role", raw, role] => {
            let role = parse_role(role)?;
            let email = email(raw)?;
            if !accounts::set_role(&ctx, &operator, &email, role)
                .await
                .map_err(failed)?
            {
                return Err(format!("no staff account for {email}"));
            }
            println!("{email} is now {}; its sessions have ended", role.as_str());
        }
        ["forum", raw, on @ ("yes" | "no")] => {
            let email = email(raw)?;
            let on = *on == "yes";
            if !accounts::set_forum_moderator(&ctx, &operator, &email, on)
                .await
                .map_err(failed)?
            {
                return Err(format!("no staff account for {email}"));
            }
            if on {
                println!("{email} now moderates the forum");
            } else {
                println!("{email} no longer moderates the forum");
            }
        }
        _ => return Err(format!("staff: unexpected arguments\n\n{USAGE}")),
    }
    pool.close().await;
    Ok(())
}
