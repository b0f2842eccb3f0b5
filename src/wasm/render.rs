//! The one renderer: draws a [`View`] into a DOM element for both the offline
//! page and the DevTools panel.
//!
//! Layout: a summary by cause (with file-level notes and reading issues), the
//! filters, the list of requests (a keyboard-navigable listbox) and the detail
//! of the selected request: every finding with its explanation, evidence and HAR
//! pointer, fixes in order and references, a timeline of related requests, the
//! redacted request headers and "copy as curl" and "copy as fetch" buttons.
//!
//! A view need not carry the entries' details (headers, curl, fetch): when the request
//! shown has none, the renderer asks its shell with a cancelable `why401-details` event
//! (`detail`: the entry index), and the shell that takes it calls `preventDefault()` and
//! later [`Renderer::set_details`]. The offline page builds them in its worker this way,
//! for the one request the user opens.
//!
//! Untrusted text (everything from the capture, and the catalog too) reaches the
//! DOM only as text nodes (`set_text_content`) or attributes set one by one;
//! nothing is parsed as HTML. Events are delegated to three listeners on the
//! container, so re-rendering never adds listeners. Styles live in
//! `src/wasm/render.css` (shipped as `pkg/why401.css`), because the pages' CSP
//! forbids inline `<style>`; only CSSOM properties (timeline bar positions) are
//! set from here.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, HtmlSelectElement, KeyboardEvent};

use super::view::{EntryDetails, EntryView, FailureView, FindingView, View};
use super::WasmError;
use crate::analysis::is_about_the_file;
use crate::messages::{ui, Lang};

type Dom<T> = Result<T, JsValue>;
/// A listener kept alive for as long as the renderer.
type Listener = (&'static str, Closure<dyn FnMut(Event)>);

#[derive(Default)]
struct State {
    view: Option<View>,
    lang: Lang,
    /// Only the selected request's diagnosis (the DevTools panel draws its own request table
    /// and selects through [`Renderer::select`]).
    detail_only: bool,
    selected: Option<usize>,
    show_all: bool,
    rule: String,
    host: String,
    /// The entry whose details were asked for (`why401-details`) since the view came.
    asked: Option<usize>,
    /// How many rows of the list are drawn (at least [`ROWS_STEP`]); the rest wait for
    /// "show more", or for a selection among them.
    drawn: usize,
}

/// Rows drawn at first, and added by each "show more": drawing a row costs the page about
/// 0.1 ms, so a capture where 6,930 requests failed spent 0.6 s drawing its whole list.
const ROWS_STEP: usize = 500;

/// How many rows to draw so that the row at `pos` (in list order) is among them.
fn rows_through(pos: usize) -> usize {
    (pos / ROWS_STEP + 1) * ROWS_STEP
}

struct Inner {
    doc: Document,
    root: Element,
    /// Where [`Inner::render_all`] draws while it runs: a detached element, put in place of
    /// `root`'s children only when it differs from them (see there).
    stage: RefCell<Option<Element>>,
    /// The request whose diagnosis was drawn last (into the root, or the stage that became it).
    drawn_entry: std::cell::Cell<Option<usize>>,
    state: RefCell<State>,
    listeners: RefCell<Vec<Listener>>,
}

/// The shared renderer (JavaScript: `new Renderer(container, {lang})`).
#[wasm_bindgen]
pub struct Renderer {
    inner: Rc<Inner>,
}

fn dom_error(e: JsValue) -> js_sys::Error {
    let text = e.as_string().or_else(|| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
    });
    WasmError::Convert(format!("DOM: {}", text.unwrap_or_else(|| format!("{e:?}")))).into_error()
}

#[wasm_bindgen]
impl Renderer {
    /// Takes over `container` (its children are replaced). Options: `{lang, mode}`; with
    /// `mode: 'detail'` only the selected request's diagnosis is drawn.
    #[wasm_bindgen(constructor)]
    pub fn new(container: &Element, options: JsValue) -> Result<Renderer, js_sys::Error> {
        let lang = js_sys::Reflect::get(&options, &"lang".into())
            .ok()
            .and_then(|v| v.as_string())
            .and_then(|l| Lang::parse(&l))
            .unwrap_or_default();
        let detail_only = js_sys::Reflect::get(&options, &"mode".into())
            .ok()
            .and_then(|v| v.as_string())
            .is_some_and(|m| m == "detail");
        let doc = container
            .owner_document()
            .ok_or_else(|| dom_error("no document".into()))?;
        let inner = Rc::new(Inner {
            doc,
            root: container.clone(),
            stage: RefCell::new(None),
            drawn_entry: std::cell::Cell::new(None),
            state: RefCell::new(State {
                lang,
                detail_only,
                ..State::default()
            }),
            listeners: RefCell::new(Vec::new()),
        });
        container.class_list().add_1("w4").map_err(dom_error)?;
        for kind in ["click", "change", "keydown"] {
            let weak: Weak<Inner> = Rc::downgrade(&inner);
            let cb = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
                if let Some(inner) = weak.upgrade() {
                    // An exception in an event handler has nowhere to go; log it.
                    if let Err(e) = inner.on_event(kind, &ev) {
                        web_sys_log(&e);
                    }
                }
            });
            container
                .add_event_listener_with_callback(kind, cb.as_ref().unchecked_ref())
                .map_err(dom_error)?;
            inner.listeners.borrow_mut().push((kind, cb));
        }
        inner.render_all().map_err(dom_error)?;
        Ok(Renderer { inner })
    }

    /// Shows a view (from `Session.view()`); keeps the selection and filters when
    /// they still apply.
    #[wasm_bindgen(js_name = setView)]
    pub fn set_view(&self, view: JsValue) -> Result<(), js_sys::Error> {
        let view: View = serde_wasm_bindgen::from_value(view)
            .map_err(|e| WasmError::Convert(e.to_string()).into_error())?;
        self.show(view)
    }

    /// [`Renderer::set_view`] with the view as JSON text (`Session.viewJson()`).
    #[wasm_bindgen(js_name = setViewJson)]
    pub fn set_view_json(&self, json: &str) -> Result<(), js_sys::Error> {
        let view: View = serde_json::from_str(json)
            .map_err(|e| WasmError::Convert(e.to_string()).into_error())?;
        self.show(view)
    }

    /// Changes the interface language (`en`, `ja`); explanations follow the next view.
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&self, lang: &str) -> Result<(), js_sys::Error> {
        self.inner.state.borrow_mut().lang = Lang::parse(lang).unwrap_or_default();
        self.inner.render_all().map_err(dom_error)
    }

    /// Forgets the view.
    pub fn clear(&self) -> Result<(), js_sys::Error> {
        {
            let mut st = self.inner.state.borrow_mut();
            let (lang, detail_only) = (st.lang, st.detail_only);
            *st = State {
                lang,
                detail_only,
                ..State::default()
            };
        }
        self.inner.render_all().map_err(dom_error)
    }

    /// Selects an entry (by its index in `log.entries`).
    pub fn select(&self, entry_index: usize) -> Result<(), js_sys::Error> {
        self.inner.select(entry_index, false).map_err(dom_error)
    }

    /// The selected entry index, if any.
    pub fn selected(&self) -> Option<usize> {
        self.inner.state.borrow().selected
    }

    /// `{failures, entries}` of the view shown (zeros without one): what a shell's status
    /// line says beside it, when the view came as JSON text.
    pub fn counts(&self) -> Result<JsValue, js_sys::Error> {
        let st = self.inner.state.borrow();
        let (failures, entries) = st.view.as_ref().map_or((0, 0), |v| {
            (v.report.failures.len(), v.report.input.entries)
        });
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"failures".into(), &(failures as u32).into())?;
        js_sys::Reflect::set(&o, &"entries".into(), &(entries as u32).into())?;
        Ok(o.into())
    }

    /// Gives an entry of the current view its details (`Session.details`), as asked for
    /// by a `why401-details` event; they are drawn at once if it is the request shown.
    #[wasm_bindgen(js_name = setDetails)]
    pub fn set_details(&self, entry_index: usize, details: JsValue) -> Result<(), js_sys::Error> {
        let details: EntryDetails = serde_wasm_bindgen::from_value(details)
            .map_err(|e| WasmError::Convert(e.to_string()).into_error())?;
        let shown = {
            let mut st = self.inner.state.borrow_mut();
            let Some(entry) = st
                .view
                .as_mut()
                .and_then(|v| v.entries.iter_mut().find(|e| e.index == entry_index))
            else {
                return Ok(()); // a view came since they were asked for
            };
            entry.details = Some(details);
            st.selected == Some(entry_index)
        };
        if shown {
            self.inner
                .render_entry_details(entry_index)
                .map_err(dom_error)?;
        }
        Ok(())
    }
}

impl Renderer {
    /// Shows `view`, keeping the selection and filters that still apply.
    fn show(&self, view: View) -> Result<(), js_sys::Error> {
        {
            let mut st = self.inner.state.borrow_mut();
            if let Some(l) = Lang::parse(&view.lang) {
                st.lang = l;
            }
            if !st.rule.is_empty()
                && !view
                    .report
                    .failures
                    .iter()
                    .any(|f| f.causes.contains(&st.rule))
            {
                st.rule.clear();
            }
            if !st.host.is_empty() && !view.entries.iter().any(|e| e.host == st.host) {
                st.host.clear();
            }
            // Keep the selection when it is still listed (a new language, a new
            // live entry); otherwise start at the first listed request. In detail
            // mode the selection belongs to the caller's table.
            let rows: Vec<usize> = visible(&view, &st).iter().map(|e| e.index).collect();
            if !st.detail_only && !st.selected.is_some_and(|s| rows.contains(&s)) {
                st.selected = rows.first().copied();
            }
            // A new view draws the first rows again, and as many more as keep the selected one.
            st.drawn = st
                .selected
                .and_then(|s| rows.iter().position(|&r| r == s))
                .map_or(0, rows_through);
            st.asked = None;
            st.view = Some(view);
        }
        self.inner.render_all().map_err(dom_error)
    }
}

impl Drop for Renderer {
    fn drop(&mut self) {
        for (kind, cb) in self.inner.listeners.borrow_mut().drain(..) {
            let _ = self
                .inner
                .root
                .remove_event_listener_with_callback(kind, cb.as_ref().unchecked_ref());
        }
    }
}

fn web_sys_log(e: &JsValue) {
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).ok();
    if let Some(c) = console {
        if let Ok(f) = js_sys::Reflect::get(&c, &"error".into()) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                let _ = f.call1(&c, e);
            }
        }
    }
}

/// The findings that concern one entry, best first (as the report orders them).
fn findings_for(view: &View, entry: usize) -> Vec<&FindingView> {
    view.report
        .findings
        .iter()
        .filter(|f| f.entries.first() == Some(&entry) && !is_about_the_file(&f.rule, &f.entries))
        .collect()
}

fn failure_of(view: &View, entry: usize) -> Option<&FailureView> {
    view.report.failures.iter().find(|f| f.entry == entry)
}

/// Each failure, and the severity of each entry's finding per rule, by entry: what every row
/// of the list looks up, found in one pass instead of a search of the whole report per row (a
/// capture where 6,930 requests failed spent most of a second drawing its list that way).
struct Lookup<'v> {
    failures: HashMap<usize, &'v FailureView>,
    severities: HashMap<(usize, &'v str), &'v str>,
}

impl<'v> Lookup<'v> {
    fn of(view: &'v View) -> Self {
        let failures = view.report.failures.iter().map(|f| (f.entry, f)).collect();
        let mut severities = HashMap::new();
        for f in &view.report.findings {
            if let Some(&e) = f.entries.first() {
                // The first finding of a rule for an entry (the report puts the best first).
                severities
                    .entry((e, f.rule.as_str()))
                    .or_insert(f.severity.as_str());
            }
        }
        Lookup {
            failures,
            severities,
        }
    }

    fn failure(&self, entry: usize) -> Option<&'v FailureView> {
        self.failures.get(&entry).copied()
    }

    fn severity(&self, entry: usize, rule: &str) -> &'v str {
        self.severities
            .get(&(entry, rule))
            .copied()
            .unwrap_or("error")
    }
}

/// Rows currently listed, in file order.
fn visible<'v>(view: &'v View, st: &State) -> Vec<&'v EntryView> {
    // With a cause chosen: the entries whose failure has it, found in one pass.
    let with_rule: Option<HashSet<usize>> = (!st.rule.is_empty()).then(|| {
        view.report
            .failures
            .iter()
            .filter(|f| f.causes.contains(&st.rule))
            .map(|f| f.entry)
            .collect()
    });
    view.entries
        .iter()
        .filter(|e| st.show_all || e.failing)
        .filter(|e| st.host.is_empty() || e.host == st.host)
        .filter(|e| with_rule.as_ref().is_none_or(|w| w.contains(&e.index)))
        .collect()
}

/// `HH:MM:SS.mmm` of an ISO 8601 time, as written (no time-zone conversion).
/// A value (a catalog phrase, a comparison) as text in `lang`.
fn show_in(lang: Lang, value: &crate::value::Value) -> String {
    value.show(&crate::Options {
        lang,
        ..crate::Options::default()
    })
}

fn clock(started: Option<&str>) -> String {
    started.and_then(|s| s.get(11..23)).unwrap_or("").to_owned()
}

fn status_text(status: Option<u16>, lang: Lang) -> String {
    status.map_or_else(|| ui(lang, "no_response").to_owned(), |s| s.to_string())
}

fn status_class(status: Option<u16>) -> &'static str {
    match status {
        Some(s) if s >= 500 => "w4-status w4-s5",
        Some(s) if s >= 400 => "w4-status w4-s4",
        Some(s) if s >= 300 => "w4-status w4-s3",
        Some(_) => "w4-status w4-s2",
        None => "w4-status w4-s0",
    }
}

impl Inner {
    fn el(&self, tag: &str, class: &str) -> Dom<Element> {
        let e = self.doc.create_element(tag)?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        Ok(e)
    }

    /// A child element holding `text` as a text node.
    fn text(&self, parent: &Element, tag: &str, class: &str, text: &str) -> Dom<Element> {
        let e = self.el(tag, class)?;
        e.set_text_content(Some(text));
        parent.append_child(&e)?;
        Ok(e)
    }

    fn child(&self, parent: &Element, tag: &str, class: &str) -> Dom<Element> {
        let e = self.el(tag, class)?;
        parent.append_child(&e)?;
        Ok(e)
    }

    /// What the renderer draws into: the stage while [`Inner::render_all`] runs, else the root.
    fn canvas(&self) -> Element {
        self.stage
            .borrow()
            .clone()
            .unwrap_or_else(|| self.root.clone())
    }

    fn part(&self, class: &str) -> Option<Element> {
        self.canvas()
            .query_selector(&format!(":scope > .w4-body > .{class}"))
            .ok()
            .flatten()
    }

    /// Draws everything again. It is drawn apart first and put in place only when it differs
    /// from what is shown: a live panel gets a new view several times a second, mostly the same
    /// diagnosis, and replacing it each time cost a style and layout pass of the pane and lost
    /// what the reader had there (a text selection, the scroll position, the focus). The boxes
    /// the reader opened or closed in the same request's diagnosis are carried over first, so
    /// they stay as the reader left them; after a Copy (its button says "copied"), views differ
    /// again and are drawn as before.
    fn render_all(&self) -> Dom<()> {
        let before = self.drawn_entry.get();
        let stage = self.doc.create_element("div")?;
        // A shell's event handler may draw again while this draws (`why401-details`): the
        // inner drawing stages its own and this one's stage is back afterwards.
        let outer = self.stage.replace(Some(stage.clone()));
        let drawn = self.draw_all();
        self.stage.replace(outer);
        drawn?;
        let selected = self.state.borrow().selected;
        if selected.is_some() && before == selected {
            carry_open_boxes(&self.root, &stage)?;
        }
        let (shown, fresh) = (self.root.child_nodes(), stage.child_nodes());
        let same = shown.length() == fresh.length()
            && (0..shown.length()).all(|i| match (shown.item(i), fresh.item(i)) {
                (Some(a), Some(b)) => a.is_equal_node(Some(&b)),
                _ => false,
            });
        if !same {
            self.root
                .replace_children_with_node(&js_sys::Array::from(&fresh));
        }
        Ok(())
    }

    /// [`Inner::render_all`]'s drawing, into the canvas.
    fn draw_all(&self) -> Dom<()> {
        let canvas = self.canvas();
        let st = self.state.borrow();
        let lang = st.lang;
        let Some(view) = st.view.as_ref() else {
            let empty = self.child(&canvas, "div", "w4-empty")?;
            self.text(&empty, "p", "", ui(lang, "ui_select_hint"))?;
            return Ok(());
        };
        let detail_only = st.detail_only;
        let body = if detail_only {
            self.child(&canvas, "div", "w4-body w4-detail-only")?
        } else {
            self.render_summary(view, lang, false)?;
            self.render_filters(view, &st)?;
            let body = self.child(&canvas, "div", "w4-body")?;
            let list = self.child(&body, "div", "w4-list")?;
            list.set_attribute("role", "listbox")?;
            list.set_attribute("aria-label", ui(lang, "ui_failing_requests"))?;
            body
        };
        let detail = self.child(&body, "section", "w4-detail")?;
        detail.set_attribute("tabindex", "-1")?;
        detail.set_attribute("aria-live", "polite")?;
        drop(st);
        self.render_list()?;
        self.render_detail()?;
        if detail_only {
            // Notes about the whole capture (a sanitized export, entries left out) after the
            // request's diagnosis: the caller's table replaces the counts and cause chips.
            let st = self.state.borrow();
            if let Some(view) = st.view.as_ref() {
                self.render_summary(view, lang, true)?;
            }
        }
        Ok(())
    }

    /// The counts, the summary by cause, notes about the whole capture and reading issues;
    /// with `notes_only`, the last two.
    fn render_summary(&self, view: &View, lang: Lang, notes_only: bool) -> Dom<()> {
        let sec = self.child(&self.canvas(), "section", "w4-summary")?;
        if !notes_only {
            self.render_counts(&sec, view, lang)?;
        }
        self.render_notes(&sec, view, lang)
    }

    fn render_counts(&self, sec: &Element, view: &View, lang: Lang) -> Dom<()> {
        let r = &view.report;
        let head = self.child(sec, "p", "w4-counts")?;
        self.text(
            &head,
            "strong",
            "w4-count-fail",
            &crate::value::report_counts(lang, r.failures.len(), r.input.entries),
        )?;
        if let Some(c) = &r.input.creator {
            self.text(
                &head,
                "span",
                "w4-muted",
                &format!(" · {} {c}", ui(lang, "captured_by")),
            )?;
        }
        // Summary by primary cause, most frequent first; each is a filter button.
        let lookup = Lookup::of(view);
        let mut counts: Vec<(&str, usize, &str)> = Vec::new();
        for f in &r.failures {
            if let Some(c) = f.causes.first() {
                match counts.iter_mut().find(|(r, _, _)| r == c) {
                    Some((_, n, _)) => *n += 1,
                    None => counts.push((c, 1, lookup.severity(f.entry, c))),
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if !counts.is_empty() {
            let h = self.text(sec, "h2", "w4-h", ui(lang, "summary"))?;
            h.set_id("w4-summary-title");
            let chips = self.child(sec, "div", "w4-chips")?;
            chips.set_attribute("role", "group")?;
            chips.set_attribute("aria-labelledby", "w4-summary-title")?;
            let current = self
                .state
                .try_borrow()
                .map(|s| s.rule.clone())
                .unwrap_or_default();
            for (rule, n, sev) in counts {
                let b = self.child(&chips, "button", &format!("w4-chip w4-sev-{sev}"))?;
                b.set_attribute("type", "button")?;
                b.set_attribute("data-action", "rule")?;
                b.set_attribute("data-rule", rule)?;
                b.set_attribute(
                    "aria-pressed",
                    if current == rule { "true" } else { "false" },
                )?;
                self.text(&b, "span", "w4-chip-rule", rule)?;
                self.text(&b, "span", "w4-chip-n", &n.to_string())?;
            }
        }
        Ok(())
    }

    fn render_notes(&self, sec: &Element, view: &View, lang: Lang) -> Dom<()> {
        let r = &view.report;
        for f in r
            .findings
            .iter()
            .filter(|f| is_about_the_file(&f.rule, &f.entries))
        {
            let note = self.child(sec, "div", &format!("w4-note w4-sev-{}", f.severity))?;
            note.set_attribute("role", "note")?;
            self.text(
                &note,
                "strong",
                "",
                if f.title.is_empty() {
                    &f.rule
                } else {
                    &f.title
                },
            )?;
            if !f.explanation.is_empty() {
                self.text(&note, "p", "", &f.explanation)?;
            }
            self.fix_list(&note, f, lang)?;
        }
        if !r.input.parse_issues.is_empty() {
            let d = self.child(sec, "details", "w4-issues")?;
            self.text(
                &d,
                "summary",
                "",
                &format!(
                    "{} ({})",
                    ui(lang, "parse_issues"),
                    r.input.parse_issues.len()
                ),
            )?;
            let ul = self.child(&d, "ul", "")?;
            for i in &r.input.parse_issues {
                let li = self.child(&ul, "li", "")?;
                self.text(&li, "code", "", &i.kind)?;
                self.text(&li, "span", "", &format!(" {}", i.message))?;
                if let Some(p) = &i.pointer {
                    self.text(&li, "code", "w4-pointer", p)?;
                }
            }
        }
        Ok(())
    }

    fn select_control(
        &self,
        parent: &Element,
        name: &str,
        label: &str,
        options: &[(String, String)],
        current: &str,
    ) -> Dom<()> {
        let wrap = self.child(parent, "label", "w4-filter")?;
        self.text(&wrap, "span", "w4-filter-label", label)?;
        let sel = self.child(&wrap, "select", "")?;
        sel.set_attribute("data-filter", name)?;
        for (value, text) in options {
            let o = self.text(&sel, "option", "", text)?;
            o.set_attribute("value", value)?;
            if value == current {
                o.set_attribute("selected", "")?;
            }
        }
        if let Some(s) = sel.dyn_ref::<HtmlSelectElement>() {
            s.set_value(current);
        }
        Ok(())
    }

    fn render_filters(&self, view: &View, st: &State) -> Dom<()> {
        let lang = st.lang;
        let bar = self.child(&self.canvas(), "div", "w4-filters")?;
        bar.set_attribute("role", "group")?;
        bar.set_attribute("aria-label", ui(lang, "ui_filters"))?;
        let modes = [
            (
                "failures".to_owned(),
                ui(lang, "ui_failures_only").to_owned(),
            ),
            ("all".to_owned(), ui(lang, "ui_all_entries").to_owned()),
        ];
        self.select_control(
            &bar,
            "mode",
            ui(lang, "ui_show"),
            &modes,
            if st.show_all { "all" } else { "failures" },
        )?;
        let mut rules: Vec<String> = view
            .report
            .failures
            .iter()
            .flat_map(|f| f.causes.iter().cloned())
            .collect();
        rules.sort();
        rules.dedup();
        let mut rule_opts = vec![(String::new(), ui(lang, "ui_all_causes").to_owned())];
        rule_opts.extend(rules.into_iter().map(|r| (r.clone(), r)));
        self.select_control(&bar, "rule", ui(lang, "cause"), &rule_opts, &st.rule)?;
        let mut hosts: Vec<String> = view
            .entries
            .iter()
            .filter(|e| st.show_all || e.failing)
            .map(|e| e.host.clone())
            .collect();
        hosts.sort();
        hosts.dedup();
        let mut host_opts = vec![(String::new(), ui(lang, "ui_all_hosts").to_owned())];
        host_opts.extend(hosts.into_iter().map(|h| (h.clone(), h)));
        self.select_control(&bar, "host", ui(lang, "ui_host"), &host_opts, &st.host)
    }

    fn render_list(&self) -> Dom<()> {
        let Some(list) = self.part("w4-list") else {
            return Ok(());
        };
        list.replace_children_with_node_0();
        let st = self.state.borrow();
        let lang = st.lang;
        let Some(view) = st.view.as_ref() else {
            return Ok(());
        };
        let rows = visible(view, &st);
        let lookup = Lookup::of(view);
        let limit = st.drawn.max(ROWS_STEP);
        if rows.is_empty() {
            let msg = if view.report.failures.is_empty() && !st.show_all {
                ui(lang, "no_failures")
            } else {
                ui(lang, "ui_no_match")
            };
            self.text(&list, "p", "w4-empty", msg)?;
            return Ok(());
        }
        for e in rows.iter().take(limit) {
            let row = self.child(&list, "div", "w4-row")?;
            row.set_id(&format!("w4-row-{}", e.index));
            row.set_attribute("role", "option")?;
            row.set_attribute("data-action", "select")?;
            row.set_attribute("data-entry", &e.index.to_string())?;
            let selected = st.selected == Some(e.index);
            row.set_attribute("aria-selected", if selected { "true" } else { "false" })?;
            row.set_attribute("tabindex", if selected { "0" } else { "-1" })?;
            if !e.failing {
                row.class_list().add_1("w4-ok")?;
            }
            self.text(&row, "span", "w4-method", &e.method)?;
            self.text(
                &row,
                "span",
                status_class(e.status),
                &status_text(e.status, lang),
            )?;
            let url = self.text(&row, "span", "w4-url", &e.url)?;
            url.set_attribute("title", &e.url)?;
            match lookup.failure(e.index).and_then(|f| f.causes.first()) {
                Some(c) => {
                    let sev = lookup.severity(e.index, c);
                    self.text(&row, "span", &format!("w4-badge w4-sev-{sev}"), c)?;
                }
                None => {
                    self.text(&row, "span", "w4-badge w4-none", "")?;
                }
            }
            self.text(&row, "span", "w4-time", &clock(e.started.as_deref()))?;
        }
        // Roving tab stop: when nothing is selected, the first row takes it.
        if !rows
            .iter()
            .take(limit)
            .any(|e| st.selected == Some(e.index))
        {
            if let Some(first) = list.first_element_child() {
                first.set_attribute("tabindex", "0")?;
            }
        }
        if rows.len() > limit {
            let left = rows.len() - limit;
            let label = crate::value::Value::phrase(
                "ui_more_rows",
                vec![
                    ("n", crate::value::Value::Number(left.min(ROWS_STEP) as i64)),
                    ("left", crate::value::Value::Count(left as u64, "request")),
                ],
            );
            let b = self.text(
                &list,
                "button",
                "w4-button w4-more-rows",
                &show_in(lang, &label),
            )?;
            b.set_attribute("type", "button")?;
            b.set_attribute("data-action", "more")?;
        }
        if st.show_all && view.total_entries > view.entries.len() {
            let shown = crate::value::Value::phrase(
                "ui_more_entries",
                vec![
                    (
                        "shown",
                        crate::value::Value::Number(view.entries.len() as i64),
                    ),
                    (
                        "total",
                        crate::value::Value::Count(view.total_entries as u64, "entry"),
                    ),
                ],
            );
            self.text(&list, "p", "w4-muted w4-more", &show_in(lang, &shown))?;
        }
        Ok(())
    }

    fn render_detail(&self) -> Dom<()> {
        let Some(detail) = self.part("w4-detail") else {
            return Ok(());
        };
        detail.replace_children_with_node_0();
        let st = self.state.borrow();
        self.drawn_entry.set(st.selected);
        let lang = st.lang;
        let Some(view) = st.view.as_ref() else {
            return Ok(());
        };
        let Some(entry) = st
            .selected
            .and_then(|i| view.entries.iter().find(|e| e.index == i))
        else {
            self.text(&detail, "p", "w4-empty", ui(lang, "ui_select_hint"))?;
            return Ok(());
        };
        let h = self.child(&detail, "h2", "w4-detail-title")?;
        self.text(&h, "span", "w4-method", &entry.method)?;
        self.text(&h, "span", "w4-url", &format!(" {} ", entry.url))?;
        self.text(
            &h,
            "span",
            status_class(entry.status),
            &format!("→ {}", status_text(entry.status, lang)),
        )?;
        let meta = self.child(&detail, "p", "w4-muted w4-meta")?;
        let mut bits = vec![format!("{} {}", ui(lang, "ui_entry"), entry.index)];
        if let Some(f) = failure_of(view, entry.index) {
            bits.push(f.kind.clone());
        }
        if let Some(s) = &entry.started {
            bits.push(s.clone());
        }
        if let Some(t) = entry.time_ms {
            bits.push(format!("{t:.0} ms"));
        }
        meta.set_text_content(Some(&bits.join(" · ")));

        let findings = findings_for(view, entry.index);
        if findings.is_empty() {
            self.text(
                &detail,
                "p",
                "",
                ui(
                    lang,
                    if entry.failing {
                        "no_failures"
                    } else {
                        "ui_not_failing"
                    },
                ),
            )?;
        }
        for (n, f) in findings.iter().enumerate() {
            if n == 0 {
                let block = self.child(&detail, "article", "w4-finding w4-primary")?;
                self.text(&block, "p", "w4-label", ui(lang, "primary_cause"))?;
                self.finding(&block, f, lang)?;
            } else {
                if n == 1 {
                    self.text(&detail, "h3", "w4-h", ui(lang, "also"))?;
                }
                let d = self.child(&detail, "details", "w4-finding")?;
                let s = self.child(&d, "summary", "")?;
                self.text(
                    &s,
                    "span",
                    &format!("w4-badge w4-sev-{}", f.severity),
                    &f.rule,
                )?;
                self.text(
                    &s,
                    "span",
                    "",
                    &format!(
                        " {}",
                        if f.title.is_empty() {
                            &f.rule
                        } else {
                            &f.title
                        }
                    ),
                )?;
                self.finding(&d, f, lang)?;
            }
        }
        // Diagnosis by difference: the nearest request to the same API that worked.
        if let Some(c) = failure_of(view, entry.index).and_then(|f| f.comparison.as_ref()) {
            self.text(&detail, "p", "w4-comparison", &show_in(lang, &c.value()))?;
        }
        self.timeline(&detail, view, entry, &findings, lang)?;
        let index = entry.index;
        // Details (headers, curl) in a box of their own: they may come later, and filling
        // the box then leaves the rest of the diagnosis, and the focus in it, as they are.
        self.child(&detail, "div", "w4-entry-details")?;
        drop(st);
        self.render_entry_details(index)
    }

    /// Fills the selected entry's details box: its headers and curl, or, when the view has
    /// none for it, asks the shell for them (once per view and entry).
    fn render_entry_details(&self, index: usize) -> Dom<()> {
        let Some(bx) = self.part("w4-detail").and_then(|d| {
            d.query_selector(":scope > .w4-entry-details")
                .ok()
                .flatten()
        }) else {
            return Ok(());
        };
        bx.replace_children_with_node_0();
        let st = self.state.borrow();
        let lang = st.lang;
        let Some(entry) = st
            .view
            .as_ref()
            .and_then(|v| v.entries.iter().find(|e| e.index == index))
        else {
            return Ok(());
        };
        let Some(details) = &entry.details else {
            let pending = st.asked == Some(index);
            drop(st);
            if !pending {
                self.state.borrow_mut().asked = Some(index);
                if !self.emit("why401-details", &JsValue::from(index as u32), true)? {
                    // No shell builds details: the box stays empty.
                    self.state.borrow_mut().asked = None;
                    return Ok(());
                }
                if bx.has_child_nodes() {
                    return Ok(()); // answered at once (setDetails drew them)
                }
            }
            self.text(&bx, "p", "w4-muted", ui(lang, "ui_details_loading"))?;
            return Ok(());
        };
        self.text(&bx, "h3", "w4-h", ui(lang, "ui_request_headers"))?;
        self.headers(&bx, &details.request_headers)?;
        let resp = self.child(&bx, "details", "w4-resp")?;
        self.text(&resp, "summary", "", ui(lang, "ui_response_headers"))?;
        self.headers(&resp, &details.response_headers)?;
        let h = self.text(&bx, "h3", "w4-h", ui(lang, "reproduce"))?;
        h.set_id("w4-curl-title");
        let pre = self.text(&bx, "pre", "w4-curl", &details.curl)?;
        pre.set_attribute("aria-labelledby", "w4-curl-title")?;
        let copies = [
            ("ui_copy_curl", "copy-curl", true),
            ("ui_copy_fetch", "copy-fetch", !details.fetch.is_empty()),
        ];
        for (label, action, _) in copies.iter().filter(|c| c.2) {
            let b = self.text(&bx, "button", "w4-button w4-copy", ui(lang, label))?;
            b.set_attribute("type", "button")?;
            b.set_attribute("data-action", action)?;
            b.set_attribute("data-entry", &index.to_string())?;
        }
        Ok(())
    }

    fn finding(&self, parent: &Element, f: &FindingView, lang: Lang) -> Dom<()> {
        let head = self.child(parent, "div", "w4-finding-head")?;
        self.text(
            &head,
            "h3",
            "w4-finding-title",
            if f.title.is_empty() {
                &f.rule
            } else {
                &f.title
            },
        )?;
        let tags = self.child(&head, "p", "w4-tags")?;
        self.text(
            &tags,
            "code",
            &format!("w4-badge w4-sev-{}", f.severity),
            &f.rule,
        )?;
        self.text(&tags, "span", "w4-tag", ui(lang, &f.severity))?;
        self.text(
            &tags,
            "span",
            "w4-tag",
            &format!("{}: {}", ui(lang, "confidence"), ui(lang, &f.confidence)),
        )?;
        if !f.explanation.is_empty() {
            self.text(parent, "p", "w4-explanation", &f.explanation)?;
        }
        if !f.evidence.is_empty() {
            self.text(parent, "h4", "w4-h", ui(lang, "evidence"))?;
            let ul = self.child(parent, "ul", "w4-evidence")?;
            for e in &f.evidence {
                let li = self.child(&ul, "li", "")?;
                let p = self.text(&li, "code", "w4-pointer", &e.pointer)?;
                p.set_attribute("title", "JSON pointer into the HAR file")?;
                self.text(&li, "code", "w4-excerpt", &e.excerpt)?;
            }
        }
        self.fix_list(parent, f, lang)?;
        if !f.references.is_empty() {
            self.text(parent, "h4", "w4-h", ui(lang, "references"))?;
            let ul = self.child(parent, "ul", "w4-refs")?;
            for r in f.references.iter() {
                let li = self.child(&ul, "li", "")?;
                let a = self.text(&li, "a", "", &r.title)?;
                if r.url.starts_with("https://") {
                    a.set_attribute("href", &r.url)?;
                }
                a.set_attribute("target", "_blank")?;
                a.set_attribute("rel", "noopener noreferrer")?;
            }
        }
        Ok(())
    }

    fn fix_list(&self, parent: &Element, f: &FindingView, lang: Lang) -> Dom<()> {
        if f.fixes.is_empty() {
            return Ok(());
        }
        self.text(parent, "h4", "w4-h", ui(lang, "fixes"))?;
        let ol = self.child(parent, "ol", "w4-fixes")?;
        for fix in &f.fixes {
            self.text(&ol, "li", "", fix)?;
        }
        Ok(())
    }

    fn headers(&self, parent: &Element, hs: &[super::view::HeaderView]) -> Dom<()> {
        let dl = self.child(parent, "dl", "w4-headers")?;
        for h in hs {
            self.text(&dl, "dt", "", &h.name)?;
            self.text(&dl, "dd", "", &h.value)?;
        }
        Ok(())
    }

    /// Requests the findings tie together, plus requests to the same host within a
    /// minute; drawn only when at least two matter.
    fn timeline(
        &self,
        parent: &Element,
        view: &View,
        entry: &EntryView,
        findings: &[&FindingView],
        lang: Lang,
    ) -> Dom<()> {
        let mut ids: Vec<usize> = findings
            .iter()
            .flat_map(|f| f.entries.iter().copied())
            .collect();
        ids.push(entry.index);
        if let Some(t0) = entry.started_ms {
            let mut near: Vec<&EntryView> = view
                .entries
                .iter()
                .filter(|e| e.host == entry.host && e.index != entry.index)
                .filter(|e| e.started_ms.is_some_and(|t| (t - t0).abs() <= 60_000.0))
                .collect();
            near.sort_by(|a, b| {
                let da = (a.started_ms.unwrap_or(t0) - t0).abs();
                let db = (b.started_ms.unwrap_or(t0) - t0).abs();
                da.total_cmp(&db)
            });
            ids.extend(near.iter().take(8).map(|e| e.index));
        }
        ids.sort_unstable();
        ids.dedup();
        let mut rows: Vec<&EntryView> = ids
            .iter()
            .filter_map(|i| view.entries.iter().find(|e| e.index == *i))
            .collect();
        if rows.len() < 2 {
            return Ok(());
        }
        rows.sort_by(|a, b| {
            a.started_ms
                .unwrap_or(0.0)
                .total_cmp(&b.started_ms.unwrap_or(0.0))
                .then(a.index.cmp(&b.index))
        });
        let start = rows
            .iter()
            .filter_map(|e| e.started_ms)
            .fold(f64::INFINITY, f64::min);
        let end = rows
            .iter()
            .filter_map(|e| e.started_ms.map(|s| s + e.time_ms.unwrap_or(0.0).max(0.0)))
            .fold(f64::NEG_INFINITY, f64::max);
        let span = if end > start { end - start } else { 1.0 };
        self.text(parent, "h3", "w4-h", ui(lang, "ui_timeline"))?;
        let ol = self.child(parent, "ol", "w4-timeline")?;
        for e in rows {
            let li = self.child(
                &ol,
                "li",
                if e.index == entry.index {
                    "w4-tl w4-tl-current"
                } else {
                    "w4-tl"
                },
            )?;
            li.set_attribute("data-action", "select")?;
            li.set_attribute("data-entry", &e.index.to_string())?;
            let offset = e.started_ms.map_or(0.0, |s| s - start);
            self.text(
                &li,
                "span",
                "w4-tl-offset",
                &format!("+{:.2} s", offset / 1000.0),
            )?;
            self.text(
                &li,
                "span",
                status_class(e.status),
                &status_text(e.status, lang),
            )?;
            self.text(&li, "span", "w4-method", &e.method)?;
            let u = self.text(&li, "span", "w4-url", &e.url)?;
            u.set_attribute("title", &e.url)?;
            let track = self.child(&li, "span", "w4-tl-track")?;
            let bar = self.child(
                &track,
                "span",
                if e.failing {
                    "w4-tl-bar w4-tl-fail"
                } else {
                    "w4-tl-bar"
                },
            )?;
            if let Some(b) = bar.dyn_ref::<HtmlElement>() {
                // CSSOM, not a style attribute: allowed under `style-src 'self'`.
                let (left, width) =
                    crate::render::timeline_bar(offset, e.time_ms.unwrap_or(0.0), span);
                b.style().set_property("left", &format!("{left:.2}%"))?;
                b.style().set_property("width", &format!("{width:.2}%"))?;
            }
        }
        Ok(())
    }

    fn select(&self, index: usize, focus: bool) -> Dom<()> {
        let undrawn = {
            let mut st = self.state.borrow_mut();
            if st.selected == Some(index) && !focus {
                return Ok(());
            }
            st.selected = Some(index);
            // A row past those drawn (End, an arrow at the last one, the caller's choice):
            // draw up to it first.
            let pos = st.view.as_ref().and_then(|v| {
                (!st.detail_only)
                    .then(|| visible(v, &st).iter().position(|e| e.index == index))
                    .flatten()
            });
            let drawn = st.drawn.max(ROWS_STEP);
            match pos {
                Some(p) if p >= drawn => {
                    st.drawn = rows_through(p);
                    true
                }
                _ => false,
            }
        };
        if undrawn {
            self.render_list()?;
        }
        // Update the rows in place so the focused element survives: the one that was selected
        // (or held the tab stop) and the one that is, not every row of a long list.
        if let Some(list) = self.part("w4-list") {
            let was =
                list.query_selector_all(".w4-row[aria-selected=true], .w4-row[tabindex='0']")?;
            for i in 0..was.length() {
                if let Some(r) = was.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    r.set_attribute("aria-selected", "false")?;
                    r.set_attribute("tabindex", "-1")?;
                }
            }
            let id = format!("w4-row-{index}");
            if let Some(r) = list.query_selector(&format!(":scope > #{id}"))? {
                r.set_attribute("aria-selected", "true")?;
                r.set_attribute("tabindex", "0")?;
                if focus {
                    if let Some(h) = r.dyn_ref::<HtmlElement>() {
                        h.focus()?;
                    }
                    scroll_into_view(&r);
                }
            }
            list.set_attribute("aria-activedescendant", &format!("w4-row-{index}"))?;
        }
        self.render_detail()?;
        self.emit("why401-select", &JsValue::from(index as u32), false)?;
        Ok(())
    }

    /// Sends the shell a bubbling `name` event carrying `detail`; whether a handler of a
    /// `cancelable` one called `preventDefault()` (it takes the job on).
    fn emit(&self, name: &str, detail: &JsValue, cancelable: bool) -> Dom<bool> {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(cancelable);
        init.set_detail(detail);
        let ev = web_sys::CustomEvent::new_with_event_init_dict(name, &init)?;
        Ok(!self.root.dispatch_event(&ev)?)
    }

    fn on_event(&self, kind: &str, ev: &Event) -> Dom<()> {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return Ok(());
        };
        match kind {
            "click" => {
                let Some(el) = target.closest("[data-action]")? else {
                    return Ok(());
                };
                let entry = el
                    .get_attribute("data-entry")
                    .and_then(|s| s.parse::<usize>().ok());
                match el.get_attribute("data-action").as_deref() {
                    Some("select") => {
                        if let Some(i) = entry {
                            self.select(i, el.class_list().contains("w4-row"))?;
                        }
                    }
                    Some("rule") => {
                        let rule = el.get_attribute("data-rule").unwrap_or_default();
                        {
                            let mut st = self.state.borrow_mut();
                            st.rule = if st.rule == rule { String::new() } else { rule };
                        }
                        self.after_filter(true)?;
                    }
                    Some("more") => self.more_rows()?,
                    Some("copy-curl") => {
                        if let Some(i) = entry {
                            self.copy(i, &el, |d| d.curl.clone())?;
                        }
                    }
                    Some("copy-fetch") => {
                        if let Some(i) = entry {
                            self.copy(i, &el, |d| d.fetch.clone())?;
                        }
                    }
                    _ => {}
                }
            }
            "change" => {
                let Some(sel) = target.dyn_ref::<HtmlSelectElement>() else {
                    return Ok(());
                };
                let value = sel.value();
                {
                    let mut st = self.state.borrow_mut();
                    match target.get_attribute("data-filter").as_deref() {
                        Some("mode") => st.show_all = value == "all",
                        Some("rule") => st.rule = value,
                        Some("host") => st.host = value,
                        _ => return Ok(()),
                    }
                }
                self.after_filter(false)?;
            }
            "keydown" => {
                let Some(kev) = ev.dyn_ref::<KeyboardEvent>() else {
                    return Ok(());
                };
                if target.class_list().contains("w4-row") {
                    self.on_list_key(kev, &target)?;
                } else if kev.key() == "Escape" && target.closest(".w4-detail")?.is_some() {
                    let sel = self.state.borrow().selected;
                    if let Some(row) =
                        sel.and_then(|i| self.doc.get_element_by_id(&format!("w4-row-{i}")))
                    {
                        if let Some(h) = row.dyn_ref::<HtmlElement>() {
                            h.focus()?;
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn on_list_key(&self, kev: &KeyboardEvent, row: &Element) -> Dom<()> {
        let ids: Vec<usize> = {
            let st = self.state.borrow();
            match st.view.as_ref() {
                Some(v) => visible(v, &st).iter().map(|e| e.index).collect(),
                None => return Ok(()),
            }
        };
        let here = row
            .get_attribute("data-entry")
            .and_then(|s| s.parse::<usize>().ok());
        let pos = here
            .and_then(|h| ids.iter().position(|&i| i == h))
            .unwrap_or(0);
        let next = match kev.key().as_str() {
            "ArrowDown" | "j" => ids.get(pos + 1).copied(),
            "ArrowUp" | "k" => pos.checked_sub(1).and_then(|p| ids.get(p).copied()),
            "Home" => ids.first().copied(),
            "End" => ids.last().copied(),
            "Enter" | " " => {
                kev.prevent_default();
                if let Some(h) = here {
                    self.select(h, false)?;
                }
                if let Some(d) = self
                    .part("w4-detail")
                    .and_then(|d| d.dyn_into::<HtmlElement>().ok())
                {
                    d.focus()?;
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        kev.prevent_default();
        if let Some(n) = next {
            self.select(n, true)?;
        }
        Ok(())
    }

    /// "Show more": the next rows are drawn, and the first of them takes the focus from the
    /// button, which they replace.
    fn more_rows(&self) -> Dom<()> {
        let first_new = {
            let mut st = self.state.borrow_mut();
            let drawn = st.drawn.max(ROWS_STEP);
            st.drawn = drawn + ROWS_STEP;
            st.view
                .as_ref()
                .and_then(|v| visible(v, &st).get(drawn).map(|e| e.index))
        };
        self.render_list()?;
        if let Some(i) = first_new {
            let row = self.part("w4-list").and_then(|l| {
                l.query_selector(&format!(":scope > #w4-row-{i}"))
                    .ok()
                    .flatten()
            });
            if let Some(h) = row.and_then(|r| r.dyn_into::<HtmlElement>().ok()) {
                h.focus()?;
            }
        }
        Ok(())
    }

    fn after_filter(&self, rerender_all: bool) -> Dom<()> {
        {
            let mut st = self.state.borrow_mut();
            st.drawn = 0;
            let first = st.view.as_ref().and_then(|v| {
                let rows = visible(v, &st);
                let keep = st
                    .selected
                    .is_some_and(|s| rows.iter().any(|e| e.index == s));
                if keep {
                    st.selected
                } else {
                    rows.first().map(|e| e.index)
                }
            });
            st.selected = first;
        }
        if rerender_all {
            self.render_all()
        } else {
            self.render_list()?;
            self.render_detail()
        }
    }

    /// Copies what `pick` takes from an entry's details (its curl or fetch command).
    fn copy(
        &self,
        index: usize,
        button: &Element,
        pick: impl Fn(&super::view::EntryDetails) -> String,
    ) -> Dom<()> {
        let text = {
            let st = self.state.borrow();
            st.view
                .as_ref()
                .and_then(|v| v.entries.iter().find(|e| e.index == index))
                .and_then(|e| e.details.as_ref())
                .map(pick)
        };
        let Some(text) = text else { return Ok(()) };
        // The shell may copy its own way (a DevTools panel has no clipboard
        // permission): it calls preventDefault() on this event.
        if !self.emit("why401-copy", &JsValue::from_str(&text), true)? {
            let nav = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())?;
            let clip = js_sys::Reflect::get(&nav, &"clipboard".into())?;
            if !clip.is_undefined() {
                let write = js_sys::Reflect::get(&clip, &"writeText".into())?;
                if let Some(f) = write.dyn_ref::<js_sys::Function>() {
                    // The promise is dropped: a refused permission leaves the text on screen.
                    let _ = f.call1(&clip, &JsValue::from_str(&text));
                }
            }
        }
        let lang = self.state.borrow().lang;
        button.set_text_content(Some(ui(lang, "ui_copied")));
        Ok(())
    }
}

/// Opens or closes the `<details>` boxes of `fresh` as those of `shown` are, when both have as
/// many (the same request's diagnosis drawn again: its boxes in the same order).
fn carry_open_boxes(shown: &Element, fresh: &Element) -> Result<(), JsValue> {
    let (was, now) = (
        shown.query_selector_all("details")?,
        fresh.query_selector_all("details")?,
    );
    if was.length() != now.length() {
        return Ok(());
    }
    for i in 0..now.length() {
        let (Some(a), Some(b)) = (
            was.item(i).and_then(|n| n.dyn_into::<Element>().ok()),
            now.item(i).and_then(|n| n.dyn_into::<Element>().ok()),
        ) else {
            continue;
        };
        if a.has_attribute("open") {
            b.set_attribute("open", "")?;
        } else {
            b.remove_attribute("open")?;
        }
    }
    Ok(())
}

fn scroll_into_view(e: &Element) {
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
    e.scroll_into_view_with_scroll_into_view_options(&opts);
}
