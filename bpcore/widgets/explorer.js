// The browser side of every bpcore explorer (anywidget). It holds no mathematics: it draws
// the controls Python describes in `controls`, shows the SVG picture and the readout Python
// computed, and sends the reader's changes back as one `intent` {seq, values, action}.
//
// One change is in flight at a time: while Python works on intent n, further changes are
// merged into one pending intent, sent when `done` reaches n. A dragged slider therefore
// never queues up stale pictures; the last position always wins.

// Where the time of a change goes, for benchmarks/ui_latency.py: when the page defines
// window.__bpTrace (an array), each change records when it was sent, when Python's picture
// arrived and when it was in the page. Otherwise nothing is recorded.
function trace(what) {
  if (window.__bpTrace) window.__bpTrace.push([what, performance.now()]);
}

const KEYS_THAT_MOVE = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End",
  "PageUp", "PageDown"]);

function formatValue(value, digits) {
  if (typeof value !== "number") return String(value);
  if (digits === undefined) return String(value);
  const fixed = value.toFixed(digits);
  return fixed.startsWith("-") ? "\u2212" + fixed.slice(1) : fixed;
}

// Notebook 7 reads the arrow keys in a listener of its own on the document, before the
// focused element sees them, and moves between cells. One capture-phase listener on the
// window, added once, sees them first: a key pressed inside an explorer goes no further
// (a focused range input still moves, since that is the browser's default action, not a
// listener), and the explorer itself, when it has the focus, moves its main slider.
function keepKeysInExplorers() {
  if (window.__bpKeysKept) return;
  window.__bpKeysKept = true;
  window.addEventListener(
    "keydown",
    (event) => {
      const target = event.target;
      if (!(target instanceof Element) || !KEYS_THAT_MOVE.has(event.key)) return;
      const explorer = target.closest(".bp-explorer");
      if (!explorer) return;
      event.stopImmediatePropagation();
      if (target === explorer && explorer.__bpPrimaryKey) explorer.__bpPrimaryKey(event);
    },
    true,
  );
}

function render({ model, el }) {
  el.classList.add("bp-explorer");
  // JupyterLab and Notebook 7 (Lumino) ignore their shortcuts inside this element, so arrow
  // keys move a focused slider instead of moving between cells or collapsing a heading.
  el.dataset.lmSuppressShortcuts = "true";
  el.tabIndex = 0;
  el.setAttribute("role", "group");
  el.setAttribute("aria-label", model.get("title") || "explorer");

  const controlsBox = document.createElement("div");
  controlsBox.className = "bp-controls";
  const readout = document.createElement("div");
  readout.className = "bp-readout";
  readout.setAttribute("aria-live", "polite");
  const message = document.createElement("div");
  message.className = "bp-message";
  message.setAttribute("role", "alert");
  const picture = document.createElement("div");
  picture.className = "bp-picture";
  el.append(controlsBox, readout, message, picture);

  let seq = model.get("done");
  let pending = null; // {values, action} merged while a change is in flight
  let playing = new Set();
  let lastTick = 0;
  const views = new Map(); // control name -> {show(value), spec}

  const busy = () => model.get("done") < seq;

  function dispatch(changes, action) {
    if (busy()) {
      pending = {
        values: { ...(pending ? pending.values : {}), ...changes },
        action: action || (pending ? pending.action : null),
      };
      return;
    }
    seq += 1;
    trace("send");
    model.set("intent", { seq, values: changes, action: action || null });
    model.save_changes();
    el.classList.add("bp-busy");
  }

  function onDone() {
    if (!busy()) el.classList.remove("bp-busy");
    if (busy()) return;
    if (pending) {
      const next = pending;
      pending = null;
      dispatch(next.values, next.action);
      return;
    }
    showValues(); // Python's answer to the last change: the state the controls must show
    if (playing.size) {
      const now = performance.now();
      const wait = Math.max(0, (model.get("interval") || 0) - (now - lastTick));
      setTimeout(() => {
        if (playing.size && !busy() && !pending) {
          lastTick = performance.now();
          dispatch({}, [...playing][0]);
        }
      }, wait);
    }
  }

  function keepKeys(node) {
    // The explorer's own keys never reach the notebook (belt and braces with Lumino's
    // data-lm-suppress-shortcuts, for front ends that do not read it).
    node.addEventListener("keydown", (event) => {
      if (KEYS_THAT_MOVE.has(event.key) || event.key.length === 1) event.stopPropagation();
    });
  }

  function slider(spec) {
    const box = document.createElement("label");
    box.className = "bp-control bp-slider";
    const name = document.createElement("span");
    name.className = "bp-label";
    name.textContent = spec.label;
    const input = document.createElement("input");
    input.type = "range";
    let [low, high] = [spec.min, spec.max];
    input.min = low;
    input.max = high;
    input.step = spec.step;
    input.setAttribute("aria-label", spec.label);
    input.dataset.control = spec.name;
    const shown = document.createElement("output");
    shown.className = "bp-value";
    keepKeys(input);
    input.addEventListener("input", () => {
      const value = Number(input.value);
      shown.textContent = formatValue(value, spec.digits);
      dispatch({ [spec.name]: value });
    });
    const parts = [name];
    if (spec.stepper) {
      const back = button("\u25C0", `${spec.label} one step back`, () => nudge(-1));
      const forward = button("\u25B6", `${spec.label} one step on`, () => nudge(+1));
      parts.push(back, input, forward, shown);
    } else {
      parts.push(input, shown);
    }
    function nudge(direction) {
      const value = Math.min(high, Math.max(low, Number(input.value) + direction * spec.step));
      input.value = value;
      shown.textContent = formatValue(value, spec.digits);
      dispatch({ [spec.name]: value });
    }
    box.append(...parts);
    return {
      element: box,
      show(value) {
        input.value = value;
        shown.textContent = formatValue(value, spec.digits);
      },
      nudge,
      setOptions(list) {
        // A range that follows the state: [["low", a], ["high", b]].
        for (const [key, value] of list) {
          if (key === "low") input.min = low = value;
          if (key === "high") input.max = high = value;
        }
      },
    };
  }

  function button(text, label, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "bp-button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    keepKeys(b);
    return b;
  }

  function choice(spec) {
    const box = document.createElement("label");
    box.className = "bp-control bp-choice";
    const name = document.createElement("span");
    name.className = "bp-label";
    name.textContent = spec.label;
    const select = document.createElement("select");
    select.dataset.control = spec.name;
    select.setAttribute("aria-label", spec.label);
    keepKeys(select);
    let options = [];
    function setOptions(list) {
      options = list;
      select.replaceChildren(...list.map(([label], index) => {
        const option = document.createElement("option");
        option.value = String(index);
        option.textContent = label;
        return option;
      }));
    }
    setOptions(spec.options);
    select.addEventListener("change", () => {
      dispatch({ [spec.name]: options[Number(select.value)][1] });
    });
    box.append(name, select);
    return {
      element: box,
      show(value) {
        const index = options.findIndex(([, v]) => v === value);
        if (index >= 0) select.value = String(index);
      },
      setOptions,
    };
  }

  function toggles(spec) {
    const box = document.createElement("div");
    box.className = "bp-control bp-toggles";
    box.dataset.control = spec.name;
    box.setAttribute("role", "radiogroup");
    box.setAttribute("aria-label", spec.label);
    const name = document.createElement("span");
    name.className = "bp-label";
    name.textContent = spec.label;
    box.append(name);
    let buttons = [];
    function setOptions(list) {
      buttons.forEach((b) => b.remove());
      buttons = list.map(([label, value]) => {
        const b = button(label, `${spec.label}: ${label}`, () => dispatch({ [spec.name]: value }));
        b.setAttribute("role", "radio");
        b.dataset.value = JSON.stringify(value);
        return b;
      });
      box.append(...buttons);
    }
    setOptions(spec.options);
    return {
      element: box,
      show(value) {
        for (const b of buttons) {
          const on = b.dataset.value === JSON.stringify(value);
          b.classList.toggle("bp-on", on);
          b.setAttribute("aria-checked", String(on));
        }
      },
      setOptions,
    };
  }

  function action(spec) {
    const b = button(spec.label, spec.description || spec.label, () => {
      if (spec.play) {
        if (playing.has(spec.name)) playing.delete(spec.name);
        else playing.add(spec.name);
        b.classList.toggle("bp-on", playing.has(spec.name));
        b.textContent = playing.has(spec.name) ? spec.pause_label || "\u23F8 pause" : spec.label;
        if (playing.has(spec.name)) onDone();
      } else {
        dispatch({}, spec.name);
      }
    });
    b.classList.add("bp-action");
    b.dataset.control = spec.name;
    return { element: b, show() {}, setOptions() {} };
  }

  const makers = { slider, choice, toggles, action };

  function build() {
    views.clear();
    const rows = [];
    let row = null;
    for (const spec of model.get("controls")) {
      if (!row || spec.new_row) {
        row = document.createElement("div");
        row.className = "bp-row";
        rows.push(row);
      }
      const view = makers[spec.kind](spec);
      views.set(spec.name, { ...view, spec });
      row.append(view.element);
    }
    controlsBox.replaceChildren(...rows);
    showValues();
  }

  function showValues() {
    // While the reader's own changes are in flight or waiting, the controls already show
    // them: an older state from Python must not move a slider back under the reader's hand
    // (keys pressed quickly would be lost). onDone shows Python's final state.
    if (busy() || pending) return;
    const values = model.get("values");
    const options = model.get("options");
    for (const [name, view] of views) {
      if (options[name]) view.setOptions(options[name]);
      if (name in values) view.show(values[name]);
    }
  }

  function showPicture() {
    trace("arrived");
    picture.innerHTML = model.get("svg");
    trace("inserted");
  }
  function showReadout() {
    readout.innerHTML = model.get("readout_html");
  }
  function showError() {
    const text = model.get("error");
    message.textContent = text ? `\u26A0 ${text}` : "";
    message.hidden = !text;
  }

  // A click on a part of the picture that names a choice (data-pick='{"layer": 3, ...}').
  picture.addEventListener("click", (event) => {
    const target = event.target.closest("[data-pick]");
    if (target) dispatch(JSON.parse(target.dataset.pick));
  });
  // The focused explorer moves its main slider with the arrow keys. (Called by the
  // window-level listener below, which sees the key before any front end does.)
  el.__bpPrimaryKey = (event) => {
    const primary = [...views.values()].find((view) => view.spec.primary);
    if (!primary || !primary.nudge) return;
    if (event.key === "ArrowRight" || event.key === "ArrowUp") primary.nudge(+1);
    else if (event.key === "ArrowLeft" || event.key === "ArrowDown") primary.nudge(-1);
    else return;
    event.preventDefault();
  };
  keepKeysInExplorers();

  model.on("change:controls", build);
  model.on("change:values", showValues);
  model.on("change:options", showValues);
  model.on("change:svg", showPicture);
  model.on("change:readout_html", showReadout);
  model.on("change:error", showError);
  model.on("change:done", onDone);
  build();
  showPicture();
  showReadout();
  showError();
  return () => {
    playing = new Set();
  };
}

export default { render };
