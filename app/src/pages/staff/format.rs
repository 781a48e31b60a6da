//! Little helpers the staff pages share to write things: a size in gibibytes, the query of
//! a filtered list's next page.

use crate::i18n::Arg;

/// `bytes` in gibibytes, one decimal, with the language's decimal mark.
pub fn gib(i18n: crate::i18n::I18n, bytes: i64) -> String {
    let n = format!("{:.1}", bytes.max(0) as f64 / f64::from(1u32 << 30));
    let n = if i18n.lang == common::Lang::Fr {
        n.replace('.', ",")
    } else {
        n
    };
    i18n.ta("size-gib", &[("n", Arg::Str(n))])
}
