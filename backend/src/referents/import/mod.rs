//! Importing a space's members from a file, without any command line: [`read`] the file
//! (text in any of the usual encodings and separators, or a sheet), find what each column
//! holds ([`columns`]), say what would happen to each row before anything does
//! ([`preview`]), keep the file and the referent's choices until they confirm ([`store`]),
//! and run the import as a job of the queue ([`run`]).

pub mod columns;
pub mod preview;
pub mod read;
pub mod run;
pub mod store;

/// The hourly sweep of imports never confirmed and of old reports ([`store::purge`]).
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct PurgeImports;

impl crate::jobs::Job for PurgeImports {
    const KIND: &'static str = "referents.imports-purge";
    const QUEUE: &'static str = "sweeps";
}

/// The import's job, and the sweep of what imports leave.
pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    run::register(registry);
    registry.sweep(
        std::time::Duration::from_secs(3600),
        PurgeImports,
        |ctx: crate::Ctx| async move { store::purge(&ctx).await },
    );
}
