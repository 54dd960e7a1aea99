//! YAML for Compose files and Kubernetes manifests: serde-saphyr's event
//! parser (`granit-parser`)
//! turned into a small tree whose every node keeps its byte span.
//!
//! Aliases stay references to their anchored node (never copies), so an
//! alias bomb costs one node per alias; merge keys (`<<`) are followed when
//! a mapping is looked up. Input size, node count and nesting depth are
//! bounded: past a limit the file gets an error, not a hang. Tags are kept
//! as written (`!reset`, `!reference` are Compose's and GitLab's own).

use std::collections::HashMap;

use granit_parser::{Event, Marker, Parser, ScalarStyle, ScanError};

use crate::span::{to_u32, Span};

/// Files larger than this are not parsed (a manifest of 10 MB is refused).
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
/// Nodes per file, counting every scalar, alias and collection.
pub const MAX_NODES: usize = 1_000_000;
/// Collections nested deeper than this are refused.
pub const MAX_DEPTH: usize = 200;

pub type NodeId = usize;

/// A parsed YAML stream: its documents and the errors that stopped it.
#[derive(Clone, Debug, Default)]
pub struct Yaml {
    nodes: Vec<Node>,
    /// The root node of each complete document.
    pub documents: Vec<NodeId>,
    /// At most one: the parser stops at the first error.
    pub error: Option<YamlError>,
    /// For the mappings a merge made: the spans of the files' mappings it
    /// was made from, after the first (which is its own span).
    merged_from: HashMap<NodeId, Vec<Span>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    /// Where the parser stopped (empty span).
    pub span: Span,
}

#[derive(Clone, Debug)]
struct Node {
    kind: Kind,
    span: Span,
    tag: Option<String>,
}

#[derive(Clone, Debug)]
enum Kind {
    Scalar {
        value: String,
        plain: bool,
    },
    Sequence(Vec<NodeId>),
    Mapping(Vec<(NodeId, NodeId)>),
    /// An alias of the anchored node.
    Alias(NodeId),
    /// An alias of an anchor that is not defined (yet).
    UnknownAlias,
}

/// A node of a parsed file, seen through aliases.
#[derive(Clone, Copy, Debug)]
pub struct Value<'a> {
    yaml: &'a Yaml,
    id: NodeId,
}

impl Yaml {
    pub fn parse(source: &str) -> Yaml {
        let mut builder = Builder::new(source);
        if source.len() > MAX_BYTES {
            builder.yaml.error = Some(YamlError {
                message: format!(
                    "the file has {} bytes; Plimsoll reads YAML files up to {MAX_BYTES} bytes",
                    source.len()
                ),
                span: Span::new(0, 0),
            });
            return builder.yaml;
        }
        let mut parser = Parser::new_from_str(source);
        while let Some(event) = parser.next_event() {
            let stop = match event {
                Ok((event, span)) => builder.event(event, span),
                Err(error) => Err(builder.scan_error(&error)),
            };
            if let Err(error) = stop {
                builder.yaml.error = Some(error);
                break;
            }
        }
        builder.yaml
    }

    pub fn document(&self, index: usize) -> Option<Value<'_>> {
        self.documents
            .get(index)
            .map(|&id| Value { yaml: self, id })
    }

    pub fn documents(&self) -> impl Iterator<Item = Value<'_>> {
        self.documents.iter().map(|&id| Value { yaml: self, id })
    }
}

impl<'a> Value<'a> {
    /// The node, with aliases followed.
    fn node(&self) -> &'a Node {
        &self.yaml.nodes[self.target()]
    }

    fn target(&self) -> NodeId {
        let mut id = self.id;
        // An alias can only name an earlier, complete node: no cycles.
        while let Kind::Alias(target) = self.yaml.nodes[id].kind {
            id = target;
        }
        id
    }

    fn at(&self, id: NodeId) -> Value<'a> {
        Value {
            yaml: self.yaml,
            id,
        }
    }

    /// Where the value is written (for an alias: the alias itself).
    pub fn span(&self) -> Span {
        self.yaml.nodes[self.id].span
    }

    pub fn tag(&self) -> Option<&'a str> {
        self.yaml.nodes[self.id]
            .tag
            .as_deref()
            .or(self.node().tag.as_deref())
    }

    /// Whether `span` is written inside this node: in its own span or, for
    /// a mapping merged from several files, in one of theirs.
    pub fn covers(&self, span: Span) -> bool {
        let inside = |outer: Span| outer.start <= span.start && span.end <= outer.end;
        inside(self.span())
            || self
                .yaml
                .merged_from
                .get(&self.id)
                .is_some_and(|spans| spans.iter().copied().any(inside))
    }

    /// The text of a scalar (quoted or plain); `None` for collections and
    /// for `null`, `~` and empty plain scalars.
    pub fn as_str(&self) -> Option<&'a str> {
        match &self.node().kind {
            Kind::Scalar { value, plain } => {
                if *plain && matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL") {
                    None
                } else {
                    Some(value)
                }
            }
            _ => None,
        }
    }

    /// A plain scalar that YAML 1.1 (Kubernetes) or Compose read as a
    /// boolean: `true`/`false`, and `yes`/`no`/`on`/`off` in any case.
    pub fn as_bool(&self) -> Option<bool> {
        let Kind::Scalar { value, plain } = &self.node().kind else {
            return None;
        };
        let value = value.to_ascii_lowercase();
        match value.as_str() {
            "true" | "yes" | "on" | "y" if *plain => Some(true),
            "false" | "no" | "off" | "n" if *plain => Some(false),
            // Compose accepts quoted booleans in boolean fields.
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_str()?.trim().parse().ok()
    }

    pub fn is_mapping(&self) -> bool {
        matches!(self.node().kind, Kind::Mapping(_))
    }

    pub fn is_sequence(&self) -> bool {
        matches!(self.node().kind, Kind::Sequence(_))
    }

    /// Items of a sequence (empty for anything else).
    pub fn items(&self) -> impl Iterator<Item = Value<'a>> + 'a {
        let items: &'a [NodeId] = match &self.node().kind {
            Kind::Sequence(items) => items,
            _ => &[],
        };
        let yaml = self.yaml;
        items.iter().map(move |&id| Value { yaml, id })
    }

    /// Entries of a mapping as written, then those brought in by merge keys
    /// (`<<: *base`) whose keys the mapping does not set itself.
    pub fn entries(&self) -> Vec<(Value<'a>, Value<'a>)> {
        let mut entries = Vec::new();
        self.collect_entries(&mut entries, &mut Vec::new());
        entries
    }

    /// `visited` holds the mappings already read: a merge key that names
    /// its own mapping, or names one twice, adds nothing.
    fn collect_entries(
        &self,
        entries: &mut Vec<(Value<'a>, Value<'a>)>,
        visited: &mut Vec<NodeId>,
    ) {
        let Kind::Mapping(pairs) = &self.node().kind else {
            return;
        };
        if visited.contains(&self.target()) {
            return;
        }
        visited.push(self.target());
        let mut merged = Vec::new();
        for &(key, value) in pairs {
            let key = self.at(key);
            let value = self.at(value);
            if key.as_str() == Some("<<") && key.node_is_plain() {
                merged.push(value);
            } else if !entries
                .iter()
                .any(|(seen, _): &(Value, Value)| seen.as_str() == key.as_str())
            {
                entries.push((key, value));
            }
        }
        for source in merged {
            if source.is_sequence() {
                for item in source.items() {
                    item.collect_entries(entries, visited);
                }
            } else {
                source.collect_entries(entries, visited);
            }
        }
    }

    fn node_is_plain(&self) -> bool {
        matches!(self.node().kind, Kind::Scalar { plain: true, .. })
    }

    /// The entry `key` of a mapping (merge keys followed), as (key, value).
    pub fn entry(&self, key: &str) -> Option<(Value<'a>, Value<'a>)> {
        self.entries()
            .into_iter()
            .find(|(name, _)| name.as_str() == Some(key))
    }

    /// The value of `key`; `None` when absent, `null`, or tagged `!reset`.
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        let (_, value) = self.entry(key)?;
        let empty = matches!(&value.node().kind, Kind::Scalar { .. }) && value.as_str().is_none();
        (!empty && value.tag() != Some("!reset")).then_some(value)
    }

    /// Follows a path of keys.
    pub fn path(&self, keys: &[&str]) -> Option<Value<'a>> {
        keys.iter().try_fold(*self, |value, key| value.get(key))
    }
}

/// The length of a quoted scalar starting with `quote`: up to its closing
/// quote, stepping over what `escape` says is an escape.
fn closing_quote(text: &str, quote: char, escape: impl Fn(&str) -> Option<usize>) -> Option<usize> {
    let mut at = text.strip_prefix(quote).map(|_| quote.len_utf8())?;
    while at < text.len() {
        if let Some(skip) = escape(&text[at..]) {
            at += skip;
        } else if text[at..].starts_with(quote) {
            return Some(at + quote.len_utf8());
        } else {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

/// Builds the tree from events, keeping the stack of open collections.
struct Builder<'s> {
    source: &'s str,
    yaml: Yaml,
    /// Open collections: node id, and for a mapping the key waiting for
    /// its value.
    stack: Vec<(NodeId, Option<NodeId>)>,
    anchors: HashMap<usize, NodeId>,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str) -> Self {
        Builder {
            source,
            yaml: Yaml::default(),
            stack: Vec::new(),
            anchors: HashMap::new(),
        }
    }

    /// A marker's byte offset (a string input always has one).
    fn byte(&self, marker: &Marker) -> u32 {
        to_u32(
            marker
                .byte_offset()
                .unwrap_or(self.source.len())
                .min(self.source.len()),
        )
    }

    fn span(&self, span: granit_parser::Span) -> Span {
        Span::new(self.byte(&span.start), self.byte(&span.end))
    }

    /// saphyr's span of a quoted scalar runs on to the next token (over
    /// spaces and a comment): cut it at the closing quote, and a plain
    /// scalar at its last non-space character.
    fn scalar_span(&self, span: Span, style: ScalarStyle) -> Span {
        let text = &self.source[span.range()];
        let length = match style {
            ScalarStyle::DoubleQuoted => {
                closing_quote(text, '"', |rest| rest.starts_with('\\').then_some(2))
            }
            ScalarStyle::SingleQuoted => {
                closing_quote(text, '\'', |rest| rest.starts_with("''").then_some(2))
            }
            ScalarStyle::Plain => Some(
                text.find(" #")
                    .map_or(text, |comment| &text[..comment])
                    .trim_end()
                    .len(),
            ),
            _ => None,
        };
        length.map_or(span, |length| {
            Span::new(span.start, span.start + to_u32(length))
        })
    }

    fn scan_error(&self, error: &ScanError) -> YamlError {
        let at = self.byte(error.marker());
        YamlError {
            message: error.info().to_owned(),
            span: Span::new(at, at),
        }
    }

    fn error(&self, message: String, span: Span) -> YamlError {
        YamlError { message, span }
    }

    fn event(&mut self, event: Event<'_>, span: granit_parser::Span) -> Result<(), YamlError> {
        let span = self.span(span);
        let is_sequence = matches!(event, Event::SequenceStart(..));
        match event {
            Event::DocumentStart(..) => {
                self.stack.clear();
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                let span = self.scalar_span(span, style);
                let kind = Kind::Scalar {
                    value: value.into_owned(),
                    plain: style == ScalarStyle::Plain,
                };
                let tag = tag.map(|tag| format!("{}{}", tag.handle(), tag.suffix()));
                let id = self.push(kind, span, tag)?;
                self.anchor(anchor, id);
                self.attach(id);
                Ok(())
            }
            Event::Alias(anchor) => {
                let kind = self
                    .anchors
                    .get(&anchor)
                    .map_or(Kind::UnknownAlias, |&id| Kind::Alias(id));
                let id = self.push(kind, span, None)?;
                self.attach(id);
                Ok(())
            }
            Event::SequenceStart(_, anchor, tag) | Event::MappingStart(_, anchor, tag) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.error(
                        format!("collections nested more than {MAX_DEPTH} deep"),
                        span,
                    ));
                }
                let kind = if is_sequence {
                    Kind::Sequence(Vec::new())
                } else {
                    Kind::Mapping(Vec::new())
                };
                let tag = tag.map(|tag| format!("{}{}", tag.handle(), tag.suffix()));
                let id = self.push(kind, span, tag)?;
                self.anchor(anchor, id);
                self.stack.push((id, None));
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((id, _)) = self.stack.pop() else {
                    return Ok(());
                };
                let node = &mut self.yaml.nodes[id];
                node.span = node.span.cover(span);
                self.attach(id);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn push(&mut self, kind: Kind, span: Span, tag: Option<String>) -> Result<NodeId, YamlError> {
        if self.yaml.nodes.len() >= MAX_NODES {
            return Err(self.error(
                format!("more than {MAX_NODES} YAML nodes; Plimsoll stops reading here"),
                span,
            ));
        }
        self.yaml.nodes.push(Node { kind, span, tag });
        Ok(self.yaml.nodes.len() - 1)
    }

    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
    }

    /// Adds a finished node to the open collection, or makes it a document.
    fn attach(&mut self, id: NodeId) {
        let Some((parent, pending_key)) = self.stack.last_mut() else {
            self.yaml.documents.push(id);
            return;
        };
        match &mut self.yaml.nodes[*parent].kind {
            Kind::Sequence(items) => items.push(id),
            Kind::Mapping(pairs) => match pending_key.take() {
                Some(key) => pairs.push((key, id)),
                None => *pending_key = Some(id),
            },
            _ => {}
        }
    }
}

/// How a later file's value joins an earlier one's when files are merged
/// (Compose's merge rules, see [`Yaml::merged`]).
#[derive(Clone, Copy)]
pub enum MergeRule {
    /// Mappings merged key by key, sequences appended, anything else
    /// replaced by the later value.
    Deep,
    /// The later value replaces the earlier one (`command`, `entrypoint`).
    Replace,
    /// Sequence items are unique by a key (a volume's target): a later
    /// item replaces the earlier one with the same key, others append.
    UniqueBy(for<'v> fn(Value<'v>) -> Option<String>),
    /// Variables written as a mapping (`KEY: value`) or a list
    /// (`- KEY=value`), merged by name whatever the form of each file.
    ByName,
}

impl Yaml {
    /// The first documents of several files merged into one tree, later
    /// files over earlier ones as `rule` says for each path of keys. Every
    /// node keeps its file's span shifted by the file's `offset`, so spans
    /// index the files' texts joined at those offsets; a merged mapping or
    /// sequence takes the span of the earliest file's. `!reset` and
    /// `!override` values replace what came before (a `!reset` one then
    /// reads as absent). Past [`MAX_NODES`], later values replace earlier
    /// ones instead of merging.
    pub fn merged(files: &[(&Yaml, u32)], rule: &dyn Fn(&[&str]) -> MergeRule) -> Yaml {
        let mut yaml = Yaml::default();
        let mut roots = Vec::new();
        for &(file, offset) in files {
            let base = yaml.nodes.len();
            let shift = |id: &NodeId| id + base;
            yaml.nodes.extend(file.nodes.iter().map(|node| {
                Node {
                    kind: match &node.kind {
                        Kind::Sequence(items) => Kind::Sequence(items.iter().map(shift).collect()),
                        Kind::Mapping(pairs) => Kind::Mapping(
                            pairs
                                .iter()
                                .map(|(key, value)| (shift(key), shift(value)))
                                .collect(),
                        ),
                        Kind::Alias(target) => Kind::Alias(shift(target)),
                        other => other.clone(),
                    },
                    span: Span::new(node.span.start + offset, node.span.end + offset),
                    tag: node.tag.clone(),
                }
            }));
            roots.extend(file.documents.first().map(|root| root + base));
        }
        let mut roots = roots.into_iter();
        if let Some(first) = roots.next() {
            let root = roots.fold(first, |earlier, later| {
                let mut at = MergePath {
                    keys: Vec::new(),
                    rule,
                };
                yaml.merge(earlier, later, &mut at)
            });
            yaml.documents.push(root);
        }
        yaml
    }

    fn value(&self, id: NodeId) -> Value<'_> {
        Value { yaml: self, id }
    }

    fn add(&mut self, kind: Kind, span: Span) -> NodeId {
        self.nodes.push(Node {
            kind,
            span,
            tag: None,
        });
        self.nodes.len() - 1
    }

    fn merge(&mut self, earlier: NodeId, later: NodeId, at: &mut MergePath) -> NodeId {
        let (old, new) = (self.value(earlier), self.value(later));
        if matches!(new.tag(), Some("!reset" | "!override")) || self.nodes.len() >= MAX_NODES {
            return later;
        }
        let keys: Vec<&str> = at.keys.iter().map(String::as_str).collect();
        let this = (at.rule)(&keys);
        let unique_by = match this {
            MergeRule::Replace => return later,
            MergeRule::Deep => None,
            MergeRule::UniqueBy(key_of) => Some(key_of),
            MergeRule::ByName => Some(variable_name as for<'v> fn(Value<'v>) -> Option<String>),
        };
        if old.is_sequence() && new.is_sequence() {
            let items = match unique_by {
                Some(key_of) => self.unique_items(earlier, later, key_of),
                None => old.items().chain(new.items()).map(|item| item.id).collect(),
            };
            let span = old.span();
            return self.add(Kind::Sequence(items), span);
        }
        if matches!(this, MergeRule::ByName) && (old.is_mapping() || new.is_mapping()) {
            let earlier = self.as_variables(earlier);
            let later = self.as_variables(later);
            return self.merge_mappings(earlier, later, at);
        }
        if old.is_mapping() && new.is_mapping() {
            return self.merge_mappings(earlier, later, at);
        }
        later
    }

    /// Both mappings' entries (merge keys followed), the later file's
    /// values merged into the earlier's by key.
    fn merge_mappings(&mut self, earlier: NodeId, later: NodeId, at: &mut MergePath) -> NodeId {
        let ids = |value: Value| -> Vec<(NodeId, NodeId, Option<String>)> {
            value
                .entries()
                .into_iter()
                .map(|(key, value)| (key.id, value.id, key.as_str().map(str::to_owned)))
                .collect()
        };
        let old = ids(self.value(earlier));
        let new = ids(self.value(later));
        let mut pairs = Vec::with_capacity(old.len() + new.len());
        for (key, value, name) in &old {
            let over = name
                .as_ref()
                .and_then(|name| new.iter().find(|(.., other)| other.as_ref() == Some(name)));
            let value = match over {
                Some(&(_, over, _)) => {
                    at.keys.push(name.clone().unwrap_or_default());
                    let merged = self.merge(*value, over, at);
                    at.keys.pop();
                    merged
                }
                None => *value,
            };
            pairs.push((*key, value));
        }
        for (key, value, name) in &new {
            let known = name
                .as_ref()
                .is_some_and(|name| old.iter().any(|(.., other)| other.as_ref() == Some(name)));
            if !known {
                pairs.push((*key, *value));
            }
        }
        let span = self.value(earlier).span();
        let mut from: Vec<Span> = [earlier, later]
            .iter()
            .flat_map(|&id| {
                let mut spans = vec![self.value(id).span()];
                spans.extend(self.merged_from.get(&id).into_iter().flatten().copied());
                spans
            })
            .collect();
        from.retain(|other| *other != span);
        let merged = self.add(Kind::Mapping(pairs), span);
        self.merged_from.insert(merged, from);
        merged
    }

    /// The earlier sequence's items whose key no later item has, then the
    /// later items.
    fn unique_items(
        &self,
        earlier: NodeId,
        later: NodeId,
        key_of: for<'v> fn(Value<'v>) -> Option<String>,
    ) -> Vec<NodeId> {
        let new: Vec<Value> = self.value(later).items().collect();
        let replaced: Vec<String> = new.iter().filter_map(|item| key_of(*item)).collect();
        self.value(earlier)
            .items()
            .filter(|item| key_of(*item).is_none_or(|key| !replaced.contains(&key)))
            .chain(new)
            .map(|item| item.id)
            .collect()
    }

    /// A `- KEY=value` list as a mapping of its variables (each name and
    /// value pointing at its item); a mapping as it is.
    fn as_variables(&mut self, list: NodeId) -> NodeId {
        let value = self.value(list);
        if !value.is_sequence() {
            return list;
        }
        let items: Vec<(String, String, Span)> = value
            .items()
            .filter_map(|item| {
                let text = item.as_str()?;
                let (name, value) = text.split_once('=').unwrap_or((text, ""));
                Some((name.trim().to_owned(), value.to_owned(), item.span()))
            })
            .collect();
        let span = value.span();
        let pairs = items
            .into_iter()
            .map(|(name, value, span)| {
                let scalar = |value: String| Kind::Scalar {
                    plain: value.is_empty(),
                    value,
                };
                (self.add(scalar(name), span), self.add(scalar(value), span))
            })
            .collect();
        self.add(Kind::Mapping(pairs), span)
    }
}

/// Where a merge is: the keys from the root, and the rules per path.
struct MergePath<'r> {
    keys: Vec<String>,
    rule: &'r dyn Fn(&[&str]) -> MergeRule,
}

/// The name of a `KEY=value` list item.
fn variable_name(item: Value) -> Option<String> {
    let text = item.as_str()?;
    Some(
        text.split_once('=')
            .map_or(text, |(name, _)| name)
            .trim()
            .to_owned(),
    )
}
