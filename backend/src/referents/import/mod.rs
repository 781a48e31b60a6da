//! Importing a space's members from a file, without any command line: [`read`] the file
//! (text in any of the usual encodings and separators, or a sheet), find what each column
//! holds ([`columns`]), and say what would happen to each row before anything does
//! ([`preview`]).

pub mod columns;
pub mod preview;
pub mod read;
