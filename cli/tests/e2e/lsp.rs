//! `plimsoll lsp`, driven by scripted JSON-RPC as an editor drives it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::*;

/// Long enough for a loaded machine; a server that never answers fails.
const TIMEOUT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(cwd: &Path) -> Client {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plimsoll"))
            .arg("lsp")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("plimsoll lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || loop {
            let mut length = None;
            loop {
                let mut header = String::new();
                if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                    return;
                }
                let header = header.trim_end();
                if header.is_empty() {
                    break;
                }
                if let Some(value) = header.strip_prefix("Content-Length: ") {
                    length = value.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("a Content-Length header")];
            if stdout.read_exact(&mut body).is_err() {
                return;
            }
            let message = serde_json::from_slice(&body).expect("a JSON message");
            if sender.send(message).is_err() {
                return;
            }
        });
        Client {
            child,
            stdin,
            incoming,
            pending: Vec::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(TIMEOUT)
            .expect("the server answers in time")
    }

    /// Sends a request and returns its result, keeping notifications.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.next();
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
            self.pending.push(message);
        }
    }

    /// The next `textDocument/publishDiagnostics` for `uri` that `accept`s.
    fn diagnostics_where(&mut self, uri: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let wanted = |message: &Value| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && accept(&message["params"])
        };
        if let Some(index) = self.pending.iter().position(wanted) {
            return self.pending.remove(index)["params"].clone();
        }
        loop {
            let message = self.next();
            if wanted(&message) {
                return message["params"].clone();
            }
            self.pending.push(message);
        }
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.diagnostics_where(uri, |params| params["version"] == version)
    }

    fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status}");
                return;
            }
            assert!(started.elapsed() < TIMEOUT, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The diagnostics of one rule.
fn of_rule<'a>(diagnostics: &'a Value, rule: &str) -> Vec<&'a Value> {
    diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|diagnostic| diagnostic["code"] == rule)
        .collect()
}

/// `text` with LSP text edits applied (positions in UTF-16 units).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (at, c) in text[start..].char_indices() {
            if units >= character {
                return start + at;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(offset(&edit["range"]["start"])));
    let mut result = text.to_owned();
    for edit in edits {
        let range = offset(&edit["range"]["start"])..offset(&edit["range"]["end"]);
        result.replace_range(range, edit["newText"].as_str().unwrap());
    }
    result
}

/// Non-ASCII before the finding on its line: UTF-16 columns differ from
/// bytes and from characters (the emoji is two units).
const DOCKERFILE: &str = "FROM alpine:3.20\nLABEL description=\"日本語の説明\"\nRUN echo \"héllo 😀\" && apk add curl\nEXPOSE 8080\n";

#[test]
fn language_server_checks_fixes_explains_and_sums_up() {
    let folder = scratch("lsp");
    write(&folder, "Dockerfile", DOCKERFILE);
    write(
        &folder,
        "compose.yaml",
        "services:\n  app:\n    build: .\n    privileged: true\n",
    );
    // The folder's plimsoll.toml, with the client's options over it.
    write(
        &folder,
        "plimsoll.toml",
        "disable = [\"PL202\"]\nlang = \"en\"\n",
    );
    let dockerfile = file_uri(&folder.join("Dockerfile"));
    let compose = file_uri(&folder.join("compose.yaml"));

    let mut client = Client::start(&folder);
    let initialized = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": file_uri(&folder),
            "workspaceFolders": [{"uri": file_uri(&folder), "name": "lsp"}],
            "capabilities": {},
            "initializationOptions": {"lang": "ja"},
        }),
    );
    let capabilities = &initialized["capabilities"];
    assert_eq!(capabilities["hoverProvider"], true, "{initialized}");
    assert_eq!(capabilities["codeActionProvider"], true, "{initialized}");
    assert!(
        capabilities["codeLensProvider"].is_object(),
        "{initialized}"
    );
    client.notify("initialized", json!({}));

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": dockerfile, "languageId": "dockerfile", "version": 1, "text": DOCKERFILE}}),
    );
    let opened = client.diagnostics(&dockerfile, 1);
    assert!(
        of_rule(&opened, "PL202").is_empty(),
        "disabled in plimsoll.toml: {opened}"
    );
    let root = of_rule(&opened, "PL101");
    assert_eq!(root.len(), 1, "{opened}");
    assert_eq!(
        root[0]["severity"], 1,
        "high (a service as root) is an error"
    );
    assert_eq!(root[0]["source"], "plimsoll");
    // initializationOptions chose Japanese over plimsoll.toml's English.
    assert!(
        !root[0]["message"].as_str().unwrap().is_ascii(),
        "{}",
        root[0]
    );
    let apk = of_rule(&opened, "PL305");
    assert_eq!(apk.len(), 1, "{opened}");
    let line = DOCKERFILE.lines().nth(2).unwrap();
    let character = line[..line.find("apk").unwrap()].encode_utf16().count();
    assert_eq!(
        apk[0]["range"]["start"],
        json!({"line": 2, "character": character}),
        "UTF-16 units, not bytes ({}) or characters ({})",
        line.find("apk").unwrap(),
        line[..line.find("apk").unwrap()].chars().count()
    );
    // The folder is a project: its Compose file is checked without being open.
    let services = client.diagnostics_where(&compose, |params| {
        params["diagnostics"]
            .as_array()
            .is_some_and(|list| !list.is_empty())
    });
    assert!(
        services["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|diagnostic| diagnostic["range"]["start"]["line"] == 3),
        "privileged: true on line 4: {services}"
    );

    // Quick fixes at the finding: the safe fix preferred, and a suppression.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": dockerfile},
            "range": apk[0]["range"],
            "context": {"diagnostics": [apk[0]]},
        }),
    );
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|action| action["isPreferred"] == true)
        .unwrap_or_else(|| panic!("a preferred fix: {actions:?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "PL305");
    let fixed = apply(
        DOCKERFILE,
        fix["edit"]["changes"][&dockerfile].as_array().unwrap(),
    );
    assert!(fixed.contains("&& apk add --no-cache curl\n"), "{fixed}");
    let suppress = actions
        .iter()
        .find(|action| {
            action["title"].as_str().unwrap().contains("PL305") && action["isPreferred"] == false
        })
        .unwrap_or_else(|| panic!("a suppression: {actions:?}"));
    let suppressed = apply(
        DOCKERFILE,
        suppress["edit"]["changes"][&dockerfile].as_array().unwrap(),
    );
    assert!(
        suppressed.contains("\n# plimsoll ignore=PL305 -- ") && suppressed.contains("\nRUN echo"),
        "{suppressed}"
    );

    // Hover: the finding and its rule's page, in the configured language.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": dockerfile}, "position": apk[0]["range"]["start"]}),
    );
    assert_eq!(hover["contents"]["kind"], "markdown");
    let page = hover["contents"]["value"].as_str().unwrap();
    assert!(page.contains("# PL305: "), "{page}");
    assert!(page.contains("重大度"), "{page}");
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": dockerfile}, "position": {"line": 1, "character": 2}}),
    );
    assert_eq!(nothing, Value::Null);

    // The checklist on the first FROM.
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": dockerfile}}),
    );
    assert_eq!(lenses.as_array().unwrap().len(), 1, "{lenses}");
    assert_eq!(
        lenses[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    let title = lenses[0]["command"]["title"].as_str().unwrap();
    assert!(
        title.contains("/100") && title.contains("スコア"),
        "{title}"
    );

    // A change: the fix applied and a USER added; the findings go.
    let changed = format!("{}USER 1001\n", fixed);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": dockerfile, "version": 2}, "contentChanges": [{"text": changed}]}),
    );
    let after = client.diagnostics(&dockerfile, 2);
    assert!(of_rule(&after, "PL101").is_empty(), "{after}");
    assert!(of_rule(&after, "PL305").is_empty(), "{after}");

    // New settings from the client: the messages come again, in English.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"plimsoll": {"lang": "en", "show-info": true}}}),
    );
    let english = client.diagnostics_where(&dockerfile, |params| {
        params["diagnostics"].as_array().is_some_and(|list| {
            !list.is_empty()
                && list
                    .iter()
                    .all(|d| d["message"].as_str().unwrap().is_ascii())
        })
    });
    assert_eq!(english["version"], 2, "{english}");

    // How long from a change to its diagnostics, for a 300-line Dockerfile.
    let mut long = String::from("FROM alpine:3.20\n");
    for line in 1..300 {
        long += &format!("RUN echo \"step {line} 日本\" && apk add curl-{line}\n");
    }
    assert_eq!(long.lines().count(), 300);
    let mut times = Vec::new();
    for version in 3..8 {
        let started = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": dockerfile, "version": version}, "contentChanges": [{"text": format!("{long}# {version}\n")}]}),
        );
        let published = client.diagnostics(&dockerfile, version);
        times.push(started.elapsed());
        assert!(of_rule(&published, "PL305").len() >= 299, "one per RUN");
    }
    times.sort();
    println!(
        "lsp: didChange -> publishDiagnostics, 300-line Dockerfile in a project folder: median {:.1} ms (min {:.1}, max {:.1}, 5 runs, debug build)",
        times[2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[4].as_secs_f64() * 1000.0
    );
    client.shutdown();
}

#[test]
fn language_server_checks_an_unsaved_dockerfile_without_a_folder() {
    let mut client = Client::start(&scratch("lsp-alone"));
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {},
               "initializationOptions": {"severity": {"PL101": "urgent"}}}),
    );
    client.notify("initialized", json!({}));
    // A bad setting is shown, and the defaults are used.
    let shown = client.next();
    assert_eq!(shown["method"], "window/showMessage", "{shown}");
    assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
    let text = shown["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("urgent") && text.contains("initializationOptions"),
        "{text}"
    );
    client.notify("initialized", json!({}));
    let uri = "untitled:Untitled-1";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 7, "text": ROOT}}),
    );
    let diagnostics = client.diagnostics(uri, 7);
    assert_eq!(of_rule(&diagnostics, "PL101").len(), 1, "{diagnostics}");
    assert!(of_rule(&diagnostics, "PL101")[0]["message"]
        .as_str()
        .unwrap()
        .is_ascii());
    // Unknown requests get an error, not silence.
    client.send(json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/rename", "params": {}}));
    let answer = loop {
        let message = client.next();
        if message["id"] == 99 {
            break message;
        }
    };
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
    client.shutdown();
}
