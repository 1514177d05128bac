// Comment on a selected span: turn the browser's selection into offsets of the report's text.
// Every piece of text on the page carries data-start, its offset in the normalised text, so the
// server can store the span and the quote and keep the comment attached to those characters.
(function () {
  "use strict";
  var body = document.querySelector("[data-report-text]");
  var form = document.querySelector("[data-comment-form]");
  if (!body || !form) return;
  var startField = form.querySelector("input[name=start]");
  var endField = form.querySelector("input[name=end]");
  var quote = form.querySelector("[data-selected-quote]");
  var clear = form.querySelector("[data-selection-clear]");
  var textarea = form.querySelector("textarea");
  // Beside the selection, a short echo of it and a button to comment: the form itself may be
  // far below a long report.
  var popover = document.querySelector("[data-selection-popover]");
  var popoverQuote = popover && popover.querySelector("[data-popover-quote]");

  function showPopover(range, text) {
    if (!popover) return;
    var box = range.getBoundingClientRect();
    popoverQuote.textContent = text.length > 40 ? text.slice(0, 40) + "…" : text;
    popover.hidden = false;
    var width = popover.offsetWidth;
    var left = Math.min(Math.max(window.scrollX + box.left, window.scrollX + 8),
                        window.scrollX + document.documentElement.clientWidth - width - 8);
    popover.style.left = left + "px";
    popover.style.top = (window.scrollY + box.bottom + 8) + "px";
  }

  function hidePopover() {
    if (popover) popover.hidden = true;
  }

  // The server counts characters; the browser counts UTF-16 units, two for a rare character
  // (CJK Extension B, found in names). Count characters, as the server does.
  function characters(text) {
    return Array.from(text).length;
  }

  function offsetOf(node, offset) {
    var element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var piece = element && element.closest("[data-start]");
    if (!piece || !body.contains(piece)) return null;
    var before = document.createRange();
    before.selectNodeContents(piece);
    before.setEnd(node, offset);
    return parseInt(piece.getAttribute("data-start"), 10) + characters(before.toString());
  }

  function reset() {
    startField.value = "";
    endField.value = "";
    quote.hidden = true;
    clear.hidden = true;
    quote.textContent = "";
  }

  body.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    var range = selection.getRangeAt(0);
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    startField.value = start;
    endField.value = end;
    quote.textContent = selection.toString();
    quote.hidden = false;
    clear.hidden = false;
    showPopover(range, selection.toString());
  });

  if (popover) {
    popover.querySelector("[data-popover-comment]").addEventListener("click", function () {
      hidePopover();
      form.scrollIntoView({ behavior: "smooth", block: "center" });
      textarea.focus({ preventScroll: true });
    });
    document.addEventListener("mousedown", function (event) {
      if (!popover.contains(event.target)) hidePopover();
    });
  }

  clear.querySelector("button").addEventListener("click", function () { reset(); hidePopover(); });
  form.addEventListener("submit", function () {
    if (!startField.value) reset();
  });
  quote.addEventListener("click", function () { textarea.focus(); });
})();
