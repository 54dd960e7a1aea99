//! Walks a folder the person gave the page, in the three ways browsers
//! offer: dropped (`DataTransferItem.webkitGetAsEntry`), picked with the File
//! System Access API (`showDirectoryPicker`), or chosen with
//! `<input webkitdirectory>`. What to open is [`FolderReading`]'s call; this
//! module only asks the browser. Everything is awaited and pauses every thousand
//! entries, so a tree of tens of thousands of names never holds up
//! typing; the folders that are not entered are not listed at all (except
//! by the input, where the browser lists them before the page sees them).

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

use crate::folder::{split_root, Folder, FolderReading};

/// Entries handled between two pauses.
const BATCH: usize = 1000;

/// Lets the page run (typing, drawing) before going on.
async fn pause() {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = leptos::prelude::window().set_timeout_with_callback(&resolve);
    });
    let _ = JsFuture::from(promise).await;
}

/// Counts entries and pauses every [`BATCH`].
#[derive(Default)]
struct Pacer(usize);

impl Pacer {
    async fn step(&mut self) {
        self.0 += 1;
        if self.0 % BATCH == 0 {
            pause().await;
        }
    }
}

/// The text of a file, read by the browser (invalid UTF-8 replaced).
async fn text_of(file: &File) -> Option<String> {
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// Reads `file` at `path` into `reading` if it may be a project file (by
/// name, then size), or names it.
async fn take_file(reading: &mut FolderReading, path: &str, file: Option<File>) {
    if !FolderReading::may_read(path) {
        reading.name(path);
        return;
    }
    let Some(file) = file else {
        return reading.unreadable(path);
    };
    if !reading.file(path, file.size() as u64) {
        return;
    }
    match text_of(&file).await {
        Some(text) => reading.text(path, text),
        None => reading.unreadable(path),
    }
}

/// A callback-style call (`readEntries`, `file`) as a future of what its
/// success callback gets.
async fn called_back(call: impl FnOnce(&Function, &Function)) -> Result<JsValue, JsValue> {
    let mut call = Some(call);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            call(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await
}

/// The folders and files dropped, if one of them is a folder (a single
/// dropped file is opened as a Dockerfile instead). Must be called while
/// the drop event is handled: the entries are gone afterwards.
pub fn dropped_entries(transfer: &DataTransfer) -> Option<Vec<FileSystemEntry>> {
    let items = transfer.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|index| items.get(index)?.webkit_get_as_entry().ok()?)
        .collect();
    entries
        .iter()
        .any(FileSystemEntry::is_directory)
        .then_some(entries)
}

/// Reads dropped entries: one folder is the project (its entries at the
/// top); several entries are the top of the project together.
pub async fn read_dropped(entries: Vec<FileSystemEntry>) -> Folder {
    let (folder, top) = match entries.as_slice() {
        [only] if only.is_directory() => (only.name(), vec![(only.clone(), true)]),
        _ => (
            String::new(),
            entries.into_iter().map(|e| (e, false)).collect(),
        ),
    };
    let mut reading = FolderReading::new(&folder);
    let mut pacer = Pacer::default();
    // Folders to list: each with its path in the project.
    let mut folders: Vec<(FileSystemDirectoryEntry, String)> = Vec::new();
    for (entry, is_root) in top {
        if is_root {
            folders.push((entry.unchecked_into(), String::new()));
        } else {
            take_entry(&mut reading, &mut folders, entry, "").await;
        }
    }
    while let Some((dir, prefix)) = folders.pop() {
        let reader = dir.create_reader();
        // `readEntries` gives a batch per call, and an empty one at the end.
        loop {
            let batch = called_back(|ok, failed| {
                let _ = reader.read_entries_with_callback_and_callback(ok, failed);
            })
            .await
            .ok()
            .map(|batch| js_sys::Array::from(&batch))
            .filter(|batch| batch.length() > 0);
            let Some(batch) = batch else {
                break;
            };
            for entry in batch.iter() {
                take_entry(&mut reading, &mut folders, entry.unchecked_into(), &prefix).await;
                pacer.step().await;
            }
        }
    }
    reading.finish()
}

/// One dropped entry under `prefix`: a folder to list (when entered) or a
/// file.
async fn take_entry(
    reading: &mut FolderReading,
    folders: &mut Vec<(FileSystemDirectoryEntry, String)>,
    entry: FileSystemEntry,
    prefix: &str,
) {
    let path = format!("{prefix}{}", entry.name());
    if entry.is_directory() {
        if reading.enter(&path) {
            folders.push((entry.unchecked_into(), format!("{path}/")));
        }
        return;
    }
    let file = if FolderReading::may_read(&path) {
        let entry: FileSystemFileEntry = entry.unchecked_into();
        called_back(|ok, failed| entry.file_with_callback_and_callback(ok, failed))
            .await
            .ok()
            .map(JsCast::unchecked_into)
    } else {
        None
    };
    take_file(reading, &path, file).await;
}

/// Reads the files of `<input webkitdirectory>`: the browser lists them
/// all, each with its path from the chosen folder
/// (`webkitRelativePath`) and size.
pub async fn read_listed(listed: Vec<File>) -> Folder {
    let mut pacer = Pacer::default();
    let mut paths = Vec::with_capacity(listed.len());
    for file in &listed {
        let path = Reflect::get(file, &"webkitRelativePath".into())
            .ok()
            .and_then(|path| path.as_string())
            .filter(|path| !path.is_empty())
            .unwrap_or_else(|| file.name());
        paths.push(path);
        pacer.step().await;
    }
    let (folder, paths) = split_root(&paths);
    let mut reading = FolderReading::new(&folder);
    let sized: Vec<(&str, u64)> = paths
        .iter()
        .zip(&listed)
        .map(|(path, file)| (path.as_str(), file.size() as u64))
        .collect();
    for index in reading.list(&sized) {
        match text_of(&listed[index]).await {
            Some(text) => reading.text(&paths[index], text),
            None => reading.unreadable(&paths[index]),
        }
    }
    reading.finish()
}

/// `object.name()`, awaited when it gives a promise.
async fn call(object: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    let method: Function = Reflect::get(object, &name.into())?.dyn_into()?;
    let value = method.call0(object)?;
    match value.dyn_ref::<Promise>() {
        Some(promise) => JsFuture::from(promise.clone()).await,
        None => Ok(value),
    }
}

fn string_field(object: &JsValue, name: &str) -> String {
    Reflect::get(object, &name.into())
        .ok()
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// Whether the browser has the File System Access API's folder picker.
pub fn can_pick() -> bool {
    Reflect::has(&leptos::prelude::window(), &"showDirectoryPicker".into()).unwrap_or(false)
}

/// Asks for a folder with `showDirectoryPicker` and reads it; `None` when
/// the person cancels (or the browser refuses).
pub async fn pick_and_read() -> Option<Folder> {
    let window: JsValue = leptos::prelude::window().into();
    let root = call(&window, "showDirectoryPicker").await.ok()?;
    let mut reading = FolderReading::new(&string_field(&root, "name"));
    let mut pacer = Pacer::default();
    let mut folders = vec![(root, String::new())];
    while let Some((dir, prefix)) = folders.pop() {
        let Ok(entries) = call(&dir, "values").await else {
            continue;
        };
        loop {
            let Ok(next) = call(&entries, "next").await else {
                break;
            };
            if Reflect::get(&next, &"done".into()).is_ok_and(|done| done.is_truthy()) {
                break;
            }
            let Ok(handle) = Reflect::get(&next, &"value".into()) else {
                break;
            };
            let path = format!("{prefix}{}", string_field(&handle, "name"));
            if string_field(&handle, "kind") == "directory" {
                if reading.enter(&path) {
                    folders.push((handle, format!("{path}/")));
                }
            } else {
                let file = if FolderReading::may_read(&path) {
                    call(&handle, "getFile")
                        .await
                        .ok()
                        .map(JsCast::unchecked_into)
                } else {
                    None
                };
                take_file(&mut reading, &path, file).await;
            }
            pacer.step().await;
        }
    }
    Some(reading.finish())
}
