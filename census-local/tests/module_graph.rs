//! Guards the module structure of `src/`: the `crate::<module>` references between the modules
//! must form no cycle, so each module sits on top of the ones it uses (see the issue "Break the
//! import cycles"). A cycle makes the test fail and prints it, as in `control -> faults -> control`.
//!
//! The scan reads the source text, not the compiler's view: for each `src/<module>.rs` (not
//! `lib.rs`, the crate root where `AppState` and the router tie the modules together, nor
//! `main.rs`, the binary) it takes every `crate::…` and `super::…` path outside comments, string
//! literals and `#[cfg(test)] mod` blocks. A path through a root re-export (`crate::CATALOGUE`
//! for `pub use store::CATALOGUE` in `lib.rs`) counts as a reference to the module it names.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = source_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let shown = show(&graph);
    println!("{shown}");
    assert!(
        graph.len() > 5 && graph.values().any(|uses| !uses.is_empty()),
        "the scan found too little; is it still reading src/*.rs?\n{shown}"
    );
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "the modules of census-local/src use each other in a cycle; move what both sides need \
         into a lower module, or pass it in:\n  {}\n\nthe whole graph:\n{shown}",
        cycles.join("\n  ")
    );
}

/// The graph of the modules in `src`: module name to the modules its code refers to.
fn source_graph(src: &Path) -> Graph {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(src).expect("read src/") {
        let path = entry.expect("a src/ entry").path();
        assert!(
            !path.is_dir(),
            "{}: this test reads src/*.rs only; teach it about nested modules first",
            path.display()
        );
        let name = path.file_stem().and_then(|s| s.to_str()).expect("a name");
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read a source file");
            files.insert(name.to_owned(), code_only(&text));
        }
    }
    let root = files.remove("lib").expect("src/lib.rs");
    files.remove("main");
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    let reexports = reexports(&root, &modules);
    files
        .iter()
        .map(|(name, code)| {
            let uses = references(code, &modules, &reexports)
                .into_iter()
                .filter(|used| used != name)
                .collect();
            (name.clone(), uses)
        })
        .collect()
}

/// `source` without comments, string and char literal contents, and `#[cfg(test)] mod` items.
fn code_only(source: &str) -> String {
    drop_test_modules(&strip_comments_and_literals(source))
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn strip_comments_and_literals(source: &str) -> String {
    let s: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(s.len());
    let at = |i: usize| s.get(i).copied().unwrap_or('\0');
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c == '/' && at(i + 1) == '/' {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if s[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (i == 0 || !is_ident(s[i - 1]) || s[i - 1] == 'b')
            && matches!(at(i + 1), '"' | '#')
            && {
                let hashes = s[i + 1..].iter().take_while(|c| **c == '#').count();
                at(i + 1 + hashes) == '"'
            }
        {
            // A raw string: r"…", r#"…"#, br"…".
            let hashes = s[i + 1..].iter().take_while(|c| **c == '#').count();
            i += hashes + 2;
            loop {
                if i >= s.len() {
                    break;
                }
                if s[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                    i += hashes + 1;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < s.len() && s[i] != '"' {
                i += if s[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && at(i + 1) == '\\' {
            // An escaped char literal: '\'', '\n', '\u{7f}'.
            i += 3;
            while i < s.len() && s[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && at(i + 2) == '\'' {
            i += 3;
            out.push_str("' '");
        } else {
            // Anything else, a lifetime's quote included.
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Removes each `#[cfg(test)] mod name { … }` (or `mod name;`) from code without literals.
fn drop_test_modules(code: &str) -> String {
    const ATTRIBUTE: &str = "#[cfg(test)]";
    let mut out = String::new();
    let mut rest = code;
    while let Some(start) = rest.find(ATTRIBUTE) {
        out.push_str(&rest[..start]);
        let after = &rest[start + ATTRIBUTE.len()..];
        let item = after.trim_start();
        let end = item
            .strip_prefix("mod")
            .filter(|tail| tail.starts_with(char::is_whitespace))
            .and_then(|tail| {
                let tail = tail.trim_start();
                let body = tail.trim_start_matches(is_ident).trim_start();
                let skipped = item.len() - body.len();
                if body.starts_with(';') {
                    Some(skipped + 1)
                } else if body.starts_with('{') {
                    let mut depth = 0usize;
                    body.char_indices().find_map(|(at, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            _ => return None,
                        }
                        (depth == 0).then_some(skipped + at + 1)
                    })
                } else {
                    None
                }
            });
        match end {
            Some(end) => rest = &item[end..],
            None => {
                // Some other test-only item: kept, so its references still count.
                out.push_str(ATTRIBUTE);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The paths of a use tree (or of a plain path) starting at `s[*i]`, each as its segments and
/// the name it brings into scope: `a::{b, c::d as e}` is `([a, b], b)` and `([a, c, d], e)`.
fn use_tree(s: &[char], i: &mut usize) -> Vec<(Vec<String>, String)> {
    let skip_blank = |i: &mut usize| {
        while s.get(*i).is_some_and(|c| c.is_whitespace()) {
            *i += 1;
        }
    };
    let ident = |i: &mut usize| {
        let start = *i;
        while s.get(*i).copied().is_some_and(is_ident) {
            *i += 1;
        }
        s[start..*i].iter().collect::<String>()
    };
    skip_blank(i);
    match s.get(*i) {
        Some('{') => {
            *i += 1;
            let mut paths = Vec::new();
            loop {
                skip_blank(i);
                match s.get(*i) {
                    None => return paths,
                    Some('}') => {
                        *i += 1;
                        return paths;
                    }
                    Some(',') => *i += 1,
                    Some(_) => {
                        let before = *i;
                        paths.extend(use_tree(s, i));
                        if *i == before {
                            *i += 1;
                        }
                    }
                }
            }
        }
        Some('*') => {
            *i += 1;
            vec![(Vec::new(), "*".to_owned())]
        }
        _ => {
            let name = ident(i);
            if name.is_empty() {
                return Vec::new();
            }
            if s.get(*i) == Some(&':') && s.get(*i + 1) == Some(&':') {
                *i += 2;
                let below = use_tree(s, i);
                if !below.is_empty() {
                    return below
                        .into_iter()
                        .map(|(mut segments, bound)| {
                            // `a::{self}` binds `a`.
                            let bound = if bound == "self" { name.clone() } else { bound };
                            segments.insert(0, name.clone());
                            (segments, bound)
                        })
                        .collect();
                }
            }
            let mut bound = name.clone();
            let mut ahead = *i;
            skip_blank(&mut ahead);
            if ident(&mut ahead) == "as" {
                skip_blank(&mut ahead);
                let alias = ident(&mut ahead);
                if !alias.is_empty() {
                    bound = alias;
                    *i = ahead;
                }
            }
            vec![(vec![name], bound)]
        }
    }
}

/// Where each `prefix` (`crate::`, `use `) starts a path in `code`, at a token boundary.
fn paths_after<'a>(code: &'a [char], prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
    let prefix: Vec<char> = prefix.chars().collect();
    (0..code.len()).filter_map(move |at| {
        let boundary = at == 0 || !is_ident(code[at - 1]);
        (boundary && code[at..].starts_with(&prefix)).then_some(at + prefix.len())
    })
}

/// The root's `use`/`pub use` of module items: the name it binds to the module it comes from.
fn reexports(root: &str, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let code: Vec<char> = root.chars().collect();
    let mut map = BTreeMap::new();
    for mut at in paths_after(&code, "use ") {
        for (segments, bound) in use_tree(&code, &mut at) {
            let segments = match segments.first().map(String::as_str) {
                Some("crate" | "self") => &segments[1..],
                _ => &segments[..],
            };
            if let Some(module) = segments.first().filter(|m| modules.contains(*m)) {
                map.insert(bound, module.clone());
            }
        }
    }
    map
}

/// The modules `code` refers to through `crate::` or `super::` paths (the latter mean the root
/// in a module directly under it), directly or through a root re-export.
fn references(
    code: &str,
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let code: Vec<char> = code.chars().collect();
    let mut used = BTreeSet::new();
    for prefix in ["crate::", "super::"] {
        for mut at in paths_after(&code, prefix) {
            for (segments, _) in use_tree(&code, &mut at) {
                let Some(first) = segments.first() else {
                    continue;
                };
                if modules.contains(first) {
                    used.insert(first.clone());
                } else if let Some(module) = reexports.get(first) {
                    used.insert(module.clone());
                }
            }
        }
    }
    used
}

/// One cycle per group of modules that reach each other, as `a -> b -> a`, followed by the
/// whole group when it is larger than that cycle.
fn cycles(graph: &Graph) -> Vec<String> {
    let reaches = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([from.to_owned()]);
        while let Some(node) = queue.pop_front() {
            for next in graph.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    queue.push_back(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|node| (node, reaches(node))).collect();
    let mut reported = BTreeSet::new();
    let mut found = Vec::new();
    for (node, reached) in &reach {
        if !reached.contains(*node) || reported.contains(*node) {
            continue;
        }
        // The group: every module this one reaches that also reaches it back.
        let group: BTreeSet<&String> = reached
            .iter()
            .filter(|other| reach.get(other).is_some_and(|r| r.contains(*node)))
            .collect();
        reported.extend(group.iter().map(|m| (*m).clone()));
        let cycle = shortest_cycle(graph, node, &group);
        let members: Vec<&str> = group.iter().map(|m| m.as_str()).collect();
        if members.len() + 1 > cycle.split(" -> ").count() {
            found.push(format!("{cycle} (in a cycle: {})", members.join(", ")));
        } else {
            found.push(cycle);
        }
    }
    found
}

/// The shortest path from `start` back to itself within `group`, written out.
fn shortest_cycle(graph: &Graph, start: &String, group: &BTreeSet<&String>) -> String {
    let mut parent: BTreeMap<&String, &String> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in graph.get(node).into_iter().flatten() {
            if next == start {
                let mut path = vec![start.as_str()];
                let mut at = node;
                while at != start {
                    path.push(at);
                    at = parent[at];
                }
                path.push(start);
                let last = path.len() - 1;
                path[1..last].reverse();
                return path.join(" -> ");
            }
            if group.contains(next) && !parent.contains_key(next) {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    unreachable!("{start} is in a cycle");
}

fn show(graph: &Graph) -> String {
    graph
        .iter()
        .map(|(module, uses)| {
            let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
            format!("  {module} -> {}", uses.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

#[test]
fn references_are_read_from_code_only() {
    let modules = set(&["a", "b", "c", "d", "e", "f", "g", "h", "r"]);
    let reexports = BTreeMap::from([("R".to_owned(), "r".to_owned())]);
    let refs = |source: &str| references(&code_only(source), &modules, &reexports);

    assert_eq!(
        refs("use crate::{a::X, b::{self, Y as Z}};\nuse super::c;"),
        set(&["a", "b", "c"])
    );
    assert_eq!(
        refs("fn f() -> crate::d::T { crate::e::make(crate::R) }"),
        set(&["d", "e", "r"])
    );
    assert_eq!(
        refs(
            "// crate::a\n/// [`crate::b`]\n/* crate::c /* crate::d */ */\n\
             const S: &str = \"crate::e \\\" crate::f\";\nconst T: &str = r#\"crate::g\"#;\n\
             fn q<'x>(_: &'x str) -> char { '\"' }"
        ),
        set(&[]),
        "comments and literals do not count"
    );
    assert_eq!(
        refs(
            "use crate::a;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::b;\n    \
             fn f() { let _ = '{'; let _ = \"}\"; }\n}\nfn after() { crate::h::go() }\n\
             #[cfg(test)]\nuse crate::c;"
        ),
        set(&["a", "c", "h"]),
        "a test module does not count, code after it and other test-only items do"
    );
    assert_eq!(refs("use crate::AppState; use crate::*;"), set(&[]));
}

#[test]
fn root_reexports_name_their_module() {
    let modules = set(&["store", "faults", "http"]);
    let root = code_only(
        "mod store;\npub use store::{CATALOGUE, SourceType as Kind};\npub use faults::FAULT_HEADER;\n\
         use crate::http::{self, json};\nuse std::sync::Arc;",
    );
    assert_eq!(
        reexports(&root, &modules),
        BTreeMap::from(
            [
                ("CATALOGUE", "store"),
                ("Kind", "store"),
                ("FAULT_HEADER", "faults"),
                ("http", "http"),
                ("json", "http"),
            ]
            .map(|(name, module)| (name.to_owned(), module.to_owned()))
        )
    );
}

#[test]
fn cycles_are_found_and_written_out() {
    let graph = |edges: &[(&str, &str)]| {
        let mut graph = Graph::new();
        for (from, to) in edges {
            graph
                .entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned());
            graph.entry((*to).to_owned()).or_default();
        }
        graph
    };
    assert!(cycles(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
    assert_eq!(
        cycles(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])),
        vec!["a -> b -> c -> a"]
    );
    assert_eq!(
        cycles(&graph(&[
            ("a", "b"),
            ("b", "a"),
            ("b", "c"),
            ("c", "b"),
            ("c", "d")
        ])),
        vec!["a -> b -> a (in a cycle: a, b, c)"]
    );
    assert_eq!(
        cycles(&graph(&[
            ("control", "faults"),
            ("faults", "control"),
            ("objects", "store"),
            ("store", "objects"),
            ("store", "catalogue"),
        ])),
        vec![
            "control -> faults -> control",
            "objects -> store -> objects"
        ]
    );
}
