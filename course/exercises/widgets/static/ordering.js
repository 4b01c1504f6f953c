// The ordering exercise's list and its Move up / Move down buttons.
//
// The order and the selection live here, in the browser: a move shows at once and keeps the
// selection on the step that moved, however slowly the kernel answers. Each move is sent to the
// kernel as one message carrying the whole new order and a count of the moves made here, so the
// kernel records exactly what is shown and never works from a stale selection. Messages can reach
// the kernel out of order (it may handle a widget's messages in two threads), so the kernel keeps
// the order with the highest count.
//
// Check and Reset of this exercise are sent the same way, with the count, instead of as the
// buttons' own clicks: a click on another widget could overtake the last move, and Check would
// score an order the learner has already changed.
//
// The kernel answers by setting `value` (the order) and `moves` (the count it has taken). An
// answer behind the moves made here is old news and is not shown: the moves on their way carry a
// newer order. What the kernel sets on its own (an answer given in code, an answer restored) is
// shown once it has taken every move made here.

const CHECK_CLASS = "mlc-check-button";
const LIST_KEYS = new Set(["ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);
const RESET_CLASS = "mlc-reset-button";

function button(text, title) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "jupyter-widgets jupyter-button widget-button";
  element.textContent = text;
  element.title = title;
  return element;
}

function render({ model, el }) {
  const texts = new Map(model.get("steps"));
  const first = model.get("steps").map(([step]) => step);
  let order = [...model.get("value")];
  let moves = model.get("moves");
  let selected = order[0];

  const id = `mlc-order-${Math.random().toString(36).slice(2, 12)}`;
  const label = document.createElement("label");
  label.className = "mlc-sr";
  label.htmlFor = id;
  label.textContent = model.get("description");
  const list = document.createElement("select");
  list.id = id;
  list.className = "mlc-order-list";
  list.size = order.length;
  list.title = model.get("description");
  const up = button("Move up", "Move the selected step one place up");
  const down = button("Move down", "Move the selected step one place down");
  const buttons = document.createElement("div");
  buttons.className = "mlc-order-moves";
  buttons.append(up, down);
  const said = document.createElement("div");
  said.className = "mlc-order-said";
  said.setAttribute("role", "status");
  said.setAttribute("aria-live", "polite");
  el.classList.add("mlc-order-view");
  el.append(label, list, buttons, said);

  // Options are updated in place, so a focused list keeps its focus and scroll position.
  const show = () => {
    while (list.options.length > order.length) list.remove(list.options.length - 1);
    while (list.options.length < order.length) list.add(document.createElement("option"));
    order.forEach((step, index) => {
      const option = list.options[index];
      option.value = step;
      option.textContent = `${index + 1}. ${texts.get(step) ?? step}`;
    });
    if (!order.includes(selected)) selected = order[0];
    list.value = selected;
  };

  const say = (text) => {
    said.textContent = text;
  };

  const move = (offset) => {
    const from = order.indexOf(selected);
    if (from < 0) {
      say("Select a step in the list first.");
      return;
    }
    const to = from + offset;
    const name = texts.get(selected) ?? selected;
    if (to < 0 || to >= order.length) {
      say(`“${name}” is already ${offset < 0 ? "first" : "last"}.`);
      return;
    }
    const next = [...order];
    [next[from], next[to]] = [next[to], next[from]];
    order = next;
    moves += 1;
    show();
    say(`Moved “${name}” to place ${to + 1} of ${order.length}.`);
    model.send({ order: next, moves });
  };

  const reset = () => {
    moves += 1;
    order = [...first];
    selected = order[0];
    show();
    say("");
    model.send({ reset: true, moves });
  };

  // Check and Reset of this exercise, pressed by mouse or keyboard (a click event either way).
  const onShellClick = (event) => {
    const pressed = event.target instanceof Element ? event.target.closest("button") : null;
    if (!pressed || pressed.disabled) return;
    const check = pressed.classList.contains(CHECK_CLASS);
    if (!check && !pressed.classList.contains(RESET_CLASS)) return;
    const root = el.closest(".mlc-exercise");
    if (!root || pressed.closest(".mlc-exercise") !== root) return;
    event.stopPropagation(); // the button's own click message is not sent
    if (check) model.send({ order, moves, check: true });
    else reset();
  };

  const fromKernel = () => {
    const taken = model.get("moves");
    if (taken < moves) return; // a move made here is still on its way: what is shown is newer
    moves = taken;
    order = [...model.get("value")];
    show();
  };

  // Notebook 7 takes the arrow keys for "next cell" before the list sees them (it listens on the
  // document, capturing), so a key meant for the list stops at the window, before the document.
  const keepListKeys = (event) => {
    if (event.target !== list || !LIST_KEYS.has(event.key)) return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    event.stopPropagation();
  };

  const onSelect = () => {
    if (list.value) selected = list.value;
  };
  const onUp = () => move(-1);
  const onDown = () => move(1);
  list.addEventListener("change", onSelect);
  up.addEventListener("click", onUp);
  down.addEventListener("click", onDown);
  model.on("change:value", fromKernel);
  model.on("change:moves", fromKernel);
  document.addEventListener("click", onShellClick, true);
  window.addEventListener("keydown", keepListKeys, true);
  show();

  return () => {
    model.off("change:value", fromKernel);
    model.off("change:moves", fromKernel);
    list.removeEventListener("change", onSelect);
    up.removeEventListener("click", onUp);
    down.removeEventListener("click", onDown);
    document.removeEventListener("click", onShellClick, true);
    window.removeEventListener("keydown", keepListKeys, true);
  };
}

export default { render };
