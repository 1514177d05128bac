// A select marked data-autosubmit sends its form as soon as a choice is made; without script
// the form's own button (inside <noscript>) does the same.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
