//! The graph of a crate's source files, from what each file takes from another: `use`
//! declarations and paths written in code that start at `crate`, `super`, `self` or a child
//! module. A name is followed through re-exports (`pub use`) to the file that defines it,
//! so a parent re-exporting its children is no edge; `#[cfg(test)]` items are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// One module of a crate: its path from the crate's root and the file it is written in
/// (inline modules share their file).
struct Module {
    path: Vec<String>,
    file: usize,
    children: BTreeSet<String>,
    /// Names of the items it defines.
    defines: BTreeSet<String>,
    /// Names it re-exports (`pub use`, any visibility but private): name → path as written.
    reexports: BTreeMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
    /// Paths it takes things from, as written: `use` leaves and paths in code.
    uses: Vec<Vec<String>>,
}

/// A crate's files and the edges between them, with one place each edge comes from.
pub struct Graph {
    pub files: Vec<PathBuf>,
    /// (from, to) → the path that makes the edge.
    pub edges: BTreeMap<(usize, usize), String>,
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// Every leaf of a `use` tree as its path; a glob ends in `*`, a group's `self` is its prefix.
fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            out.push((prefix.clone(), prefix.last().cloned().unwrap_or_default()))
        }
        syn::UseTree::Name(n) => {
            let mut p = prefix.clone();
            p.push(n.ident.to_string());
            out.push((p, n.ident.to_string()));
        }
        syn::UseTree::Rename(r) => {
            let mut p = prefix.clone();
            if r.ident != "self" {
                p.push(r.ident.to_string());
            }
            out.push((p, r.rename.to_string()));
        }
        syn::UseTree::Glob(_) => {
            let mut p = prefix.clone();
            p.push("*".into());
            out.push((p, "*".into()));
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_paths(t, prefix, out);
            }
        }
    }
}

/// Paths in code (expressions, types, patterns, macros' paths) of at least two segments.
struct CodePaths(Vec<Vec<String>>);

impl<'ast> Visit<'ast> for CodePaths {
    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.segments.len() > 1 {
            self.0
                .push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, p);
    }
    fn visit_item_use(&mut self, _: &'ast syn::ItemUse) {}
    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {}
    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
}

struct Builder {
    modules: Vec<Module>,
    files: Vec<PathBuf>,
    /// `#[macro_export]` macros: named at the crate's root, written in their file.
    exported: BTreeMap<String, usize>,
}

impl Builder {
    /// Reads the items of module `path` written in `file` (at `dir`, where its children's
    /// files are), and its children.
    fn module(&mut self, path: Vec<String>, file: usize, dir: &Path, items: &[syn::Item]) {
        let id = self.modules.len();
        self.modules.push(Module {
            path: path.clone(),
            file,
            children: BTreeSet::new(),
            defines: BTreeSet::new(),
            reexports: BTreeMap::new(),
            globs: Vec::new(),
            uses: Vec::new(),
        });
        let mut code = CodePaths(Vec::new());
        for item in items {
            let attrs: &[syn::Attribute] = match item {
                syn::Item::Const(i) => &i.attrs,
                syn::Item::Enum(i) => &i.attrs,
                syn::Item::Fn(i) => &i.attrs,
                syn::Item::Impl(i) => &i.attrs,
                syn::Item::Macro(i) => &i.attrs,
                syn::Item::Mod(i) => &i.attrs,
                syn::Item::Static(i) => &i.attrs,
                syn::Item::Struct(i) => &i.attrs,
                syn::Item::Trait(i) => &i.attrs,
                syn::Item::Type(i) => &i.attrs,
                syn::Item::Union(i) => &i.attrs,
                syn::Item::Use(i) => &i.attrs,
                _ => &[],
            };
            if is_test(attrs) {
                continue;
            }
            let m = &mut self.modules[id];
            match item {
                syn::Item::Use(u) => {
                    let mut leaves = Vec::new();
                    use_paths(&u.tree, &mut Vec::new(), &mut leaves);
                    let public = !matches!(u.vis, syn::Visibility::Inherited);
                    for (p, name) in leaves {
                        if public && name == "*" {
                            m.globs.push(p[..p.len() - 1].to_vec());
                        } else if public {
                            m.reexports.insert(name, p);
                        } else {
                            m.uses.push(p);
                        }
                    }
                }
                syn::Item::Mod(_) => {}
                other => {
                    let name = match other {
                        syn::Item::Const(i) => Some(i.ident.to_string()),
                        syn::Item::Enum(i) => Some(i.ident.to_string()),
                        syn::Item::Fn(i) => Some(i.sig.ident.to_string()),
                        syn::Item::Static(i) => Some(i.ident.to_string()),
                        syn::Item::Struct(i) => Some(i.ident.to_string()),
                        syn::Item::Trait(i) => Some(i.ident.to_string()),
                        syn::Item::Type(i) => Some(i.ident.to_string()),
                        syn::Item::Union(i) => Some(i.ident.to_string()),
                        syn::Item::Macro(i) => i.ident.as_ref().map(|x| x.to_string()),
                        _ => None,
                    };
                    if let syn::Item::Macro(mac) = other {
                        if let (Some(n), true) = (
                            &mac.ident,
                            mac.attrs.iter().any(|a| a.path().is_ident("macro_export")),
                        ) {
                            self.exported.insert(n.to_string(), file);
                        }
                    }
                    let m = &mut self.modules[id];
                    if let Some(n) = name {
                        m.defines.insert(n);
                    }
                    code.visit_item(other);
                }
            }
        }
        self.modules[id].uses.extend(code.0);
        for item in items {
            let syn::Item::Mod(m) = item else { continue };
            if is_test(&m.attrs) {
                continue;
            }
            let name = m.ident.to_string();
            self.modules[id].children.insert(name.clone());
            let mut child = path.clone();
            child.push(name.clone());
            match &m.content {
                Some((_, inner)) => self.module(child, file, &dir.join(&name), inner),
                None => {
                    let flat = dir.join(format!("{name}.rs"));
                    let (f, sub) = if flat.exists() {
                        (flat, dir.join(&name))
                    } else {
                        (dir.join(&name).join("mod.rs"), dir.join(&name))
                    };
                    let ast = parse(&f);
                    self.files.push(f);
                    let fid = self.files.len() - 1;
                    self.module(child, fid, &sub, &ast.items);
                }
            }
        }
    }

    fn find(&self, path: &[String]) -> Option<usize> {
        self.modules.iter().position(|m| m.path == path)
    }

    /// The module path `written` means in module `at`, made absolute; `None` for another
    /// crate's path.
    fn absolute(&self, at: usize, written: &[String]) -> Option<Vec<String>> {
        let here = &self.modules[at];
        let first = written.first()?;
        let mut out;
        let mut rest = written;
        match first.as_str() {
            "crate" => {
                out = Vec::new();
                rest = &written[1..];
            }
            "self" => {
                out = here.path.clone();
                rest = &written[1..];
            }
            "super" => {
                out = here.path.clone();
                while rest.first().is_some_and(|s| s == "super") {
                    out.pop()?;
                    rest = &rest[1..];
                }
            }
            name if here.children.contains(name) => out = here.path.clone(),
            _ => return None,
        }
        out.extend(rest.iter().cloned());
        Some(out)
    }

    /// The file that defines what absolute path `path` names, through re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<usize> {
        if depth > 16 {
            return None;
        }
        // The deepest module on the path.
        let mut m = self.find(&[])?;
        let mut i = 0;
        while i < path.len() {
            match self.find(&path[..=i]) {
                Some(next) => {
                    m = next;
                    i += 1;
                }
                None => break,
            }
        }
        let module = &self.modules[m];
        let Some(name) = path.get(i) else {
            return Some(module.file);
        };
        if name == "*" || module.defines.contains(name) {
            return Some(module.file);
        }
        if let Some(target) = module.reexports.get(name) {
            let target = self.absolute(m, target)?;
            return self.resolve(&target, depth + 1).or(Some(module.file));
        }
        for glob in &module.globs {
            if let Some(base) = self.absolute(m, glob) {
                let mut p = base;
                p.push(name.clone());
                if let Some(f) = self.resolve(&p, depth + 1) {
                    if f != module.file {
                        return Some(f);
                    }
                }
            }
        }
        if module.path.is_empty() {
            if let Some(&f) = self.exported.get(name) {
                return Some(f);
            }
        }
        Some(module.file)
    }
}

fn parse(file: &Path) -> syn::File {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The graph of the crate whose root file is `root` (`src/lib.rs` or `src/main.rs`).
pub fn graph(root: &Path) -> Graph {
    let mut b = Builder {
        modules: Vec::new(),
        files: vec![root.to_path_buf()],
        exported: BTreeMap::new(),
    };
    let ast = parse(root);
    let dir = root.parent().unwrap_or(Path::new(".")).to_path_buf();
    b.module(Vec::new(), 0, &dir, &ast.items);
    let mut edges = BTreeMap::new();
    for (at, m) in b.modules.iter().enumerate() {
        for written in &m.uses {
            let Some(abs) = b.absolute(at, written) else {
                continue;
            };
            if let Some(to) = b.resolve(&abs, 0) {
                if to != m.file {
                    edges
                        .entry((m.file, to))
                        .or_insert_with(|| written.join("::"));
                }
            }
        }
    }
    Graph {
        files: b.files,
        edges,
    }
}

/// The cycles of `g`: its strongly connected components of more than one file.
pub fn cycles(g: &Graph) -> Vec<Vec<usize>> {
    let n = g.files.len();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in g.edges.keys() {
        next[a].push(b);
    }
    // Tarjan's algorithm, without recursion.
    let (mut index, mut low, mut on) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut out, mut counter) = (Vec::new(), Vec::new(), 0);
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work = vec![(start, 0usize)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on[v] = true;
            }
            if let Some(&w) = next[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut scc = Vec::new();
                while let Some(w) = stack.pop() {
                    on[w] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 {
                    scc.sort();
                    out.push(scc);
                }
            }
        }
    }
    out
}
