/* Budgets: spreadsheet-like keys in the line editor (tab is native).
   Enter / ArrowDown: same column, next line; ArrowUp: previous line;
   ArrowLeft / ArrowRight at the start / end of a cell's text: previous / next cell;
   Escape: put the cell back as it was. A changed cell saves on leaving it
   (htmx posts the row on "change"), and htmx keeps focus on the cell by id. */
(function () {
  "use strict";

  function cellIn(row, col) {
    return row ? row.querySelector('[data-col="' + col + '"]') : null;
  }

  function sibling(row, step) {
    var next = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    while (next && !next.hasAttribute("data-line")) {
      next = step > 0 ? next.nextElementSibling : next.previousElementSibling;
    }
    return next;
  }

  document.addEventListener("keydown", function (event) {
    var cell = event.target;
    if (!cell || !cell.closest || !cell.hasAttribute("data-col")) return;
    var row = cell.closest("tr[data-line]");
    if (!row) return;
    var col = cell.getAttribute("data-col");
    if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && cell.tagName === "INPUT") {
      var atStart = cell.selectionStart === 0 && cell.selectionEnd === 0;
      var atEnd = cell.selectionStart === cell.value.length;
      var cells = Array.prototype.slice.call(row.querySelectorAll("[data-col]"));
      var index = cells.indexOf(cell);
      var next = null;
      if (event.key === "ArrowLeft" && atStart) next = cells[index - 1];
      if (event.key === "ArrowRight" && atEnd) next = cells[index + 1];
      if (next) {
        event.preventDefault();
        next.focus();
        if (next.select) next.select();
      }
      return;
    }
    var step = 0;
    if (event.key === "Enter" || event.key === "ArrowDown") step = 1;
    else if (event.key === "ArrowUp") step = -1;
    else if (event.key === "Escape" && cell.tagName === "INPUT") {
      cell.value = cell.defaultValue;
      return;
    }
    if (!step || cell.tagName === "SELECT" && event.key !== "Enter") return;
    var target = cellIn(sibling(row, step), col);
    event.preventDefault();
    if (target) {
      target.focus();
      if (target.select) target.select();
    } else {
      cell.blur();  // the last line: saving is enough
      cell.focus();
    }
  });
})();
