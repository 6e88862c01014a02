/* The stripboard: drag and drop with SortableJS, keyboard moves, one POST per move.
 *
 * The page is rendered once by the server. Each move POSTs the board version the
 * page holds; the answer carries the re-rendered board (day numbers, dates and page
 * totals are the server's), or 409 and the current board when someone else moved
 * something first ("The board changed — reloaded").
 */
(function () {
  "use strict";

  var selected = null; // {strip: id} or {scene: id}, and its label
  var busy = false;

  function root() { return document.getElementById("board-fragment"); }

  function say(text, isError) {
    var status = document.getElementById("board-status");
    if (!status) return;
    status.textContent = text;
    status.className = "sb-status" + (isError ? " sb-status--error" : " sb-status--ok");
  }

  function focusAfter(key) {
    if (!key) return;
    var el = root().querySelector(key);
    if (el) { el.focus(); }
  }

  function send(fields, refocus) {
    var board = root();
    if (!board || busy) return;
    busy = true;
    say("Saving…", false);
    var data = new FormData();
    Object.keys(fields).forEach(function (k) { data.append(k, fields[k]); });
    data.append("version", board.dataset.version);
    board.classList.add("sb--saving");
    fetch(board.dataset.moveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": board.dataset.csrf, "Accept": "application/json" },
      body: data,
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (json) { return { status: response.status, json: json }; });
    }).then(function (result) {
      if (result.json.html) {
        board.outerHTML = result.json.html;
        setup();
      }
      if (result.status === 200) {
        var impact = result.json.impact || [];
        say("Saved." + (impact.length ? " " + impact.join("; ") +
          (result.json.notified ? " (" + result.json.notified + " told by email)" : "") : ""), false);
        focusAfter(refocus);
      } else {
        say(result.json.error || "The move was refused.", true);
        if (!result.json.html) { window.location.reload(); }
      }
    }).catch(function () {
      say("The move could not be saved: reloading the board.", true);
      window.setTimeout(function () { window.location.reload(); }, 800);
    }).finally(function () {
      busy = false;
      var b = root();
      if (b) b.classList.remove("sb--saving");
    });
  }

  function what(item) {
    return item.dataset.strip ? { strip: item.dataset.strip } : { scene: item.dataset.scene };
  }

  function keyOf(item) {
    return item.dataset.strip ? '[data-strip="' + item.dataset.strip + '"]'
      : '[data-scene="' + item.dataset.scene + '"]';
  }

  function onEnd(evt) {
    var toBoard = evt.to.dataset.list === "board";
    var fromBoard = evt.from.dataset.list === "board";
    if (!toBoard && !fromBoard) return;
    if (toBoard && fromBoard && evt.oldIndex === evt.newIndex) return;
    var fields = what(evt.item);
    if (toBoard) { fields.to = "position"; fields.to_position = evt.newIndex; }
    else { fields.to = "boneyard"; }
    send(fields, null);
  }

  function select(item) {
    if (!item) return;
    selected = { fields: what(item), key: keyOf(item), label: item.dataset.label || "strip" };
    var label = document.getElementById("sb-selected");
    if (label) label.textContent = "Selected: " + selected.label + ".";
  }

  function move(where) {
    if (!selected) { say("Select a strip first: Tab to it or click it.", true); return; }
    var fields = Object.assign({}, selected.fields, { to: where });
    if (where === "day") {
      var day = document.getElementById("sb-day");
      if (!day || !day.value) { say("Give a day number.", true); if (day) day.focus(); return; }
      fields.day = day.value;
      if (selected.fields.scene) { /* placed from the boneyard: keep the selection by scene */ }
    }
    if ((where === "up" || where === "down") && !selected.fields.strip) {
      say("Boneyard scenes move to a day: use “to day”.", true); return;
    }
    send(fields, selected.key);
  }

  function add(kind) {
    var fields = { new_kind: kind, to: "position" };
    var board = root();
    var items = board.querySelectorAll('[data-list="board"] > li');
    var index = items.length;
    if (selected && selected.fields.strip) {
      var el = board.querySelector(selected.key);
      index = Array.prototype.indexOf.call(items, el) + 1;
    }
    if (kind === "banner") {
      var text = window.prompt("Banner text (company move, holiday, week 2…)");
      if (!text) return;
      fields.text = text;
    }
    fields.to_position = index;
    send(fields, null);
  }

  function setup() {
    var board = root();
    if (!board || board.dataset.editable !== "1" || typeof Sortable === "undefined") return;
    var lists = board.querySelectorAll("[data-list]");
    lists.forEach(function (list) {
      Sortable.create(list, {
        group: "strips", animation: 100, sort: list.dataset.list === "board",
        // Pointer-event dragging: the same on mouse, touch and pen, and steadier than
        // native HTML5 drag and drop for long lists.
        forceFallback: true, fallbackTolerance: 4, onEnd: onEnd
      });
    });
    if (selected) {
      var again = board.querySelector(selected.key);
      if (!again) { selected = null; }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setup();
    var switcher = document.querySelector("[data-board-switch]");
    if (switcher) {
      switcher.addEventListener("change", function () { window.location = switcher.value; });
    }
    document.addEventListener("focusin", function (event) {
      var item = event.target.closest && event.target.closest("#board-fragment [data-strip], #board-fragment [data-scene]");
      if (item) select(item);
    });
    document.addEventListener("keydown", function (event) {
      var item = event.target.closest && event.target.closest("#board-fragment [data-strip], #board-fragment [data-scene]");
      if (!item || !root() || root().dataset.editable !== "1") return;
      select(item);
      if (event.altKey && event.key === "ArrowUp") { event.preventDefault(); move("up"); }
      else if (event.altKey && event.key === "ArrowDown") { event.preventDefault(); move("down"); }
      else if (!event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        // Arrow keys walk the strips without a Tab stop per strip.
        var next = event.key === "ArrowUp" ? item.previousElementSibling : item.nextElementSibling;
        if (next) { event.preventDefault(); next.focus(); }
      }
      else if (event.key === "Delete" || event.key === "Backspace") {
        if (item.dataset.strip) { event.preventDefault(); move("boneyard"); }
      } else if (!event.altKey && !event.ctrlKey && !event.metaKey && event.key === "d") {
        var day = document.getElementById("sb-day");
        if (day) { event.preventDefault(); day.focus(); }
      }
    });
    var panel = document.getElementById("move-panel");
    if (panel) {
      panel.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button) return;
        if (button.dataset.move) move(button.dataset.move);
        if (button.dataset.add) add(button.dataset.add);
      });
      var day = document.getElementById("sb-day");
      if (day) {
        day.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); move("day"); }
        });
      }
    }
  });
})();
