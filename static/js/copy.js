/* "Copy the link" buttons: copy the input they name, say so (in the page's language: data-copied) for screen readers too. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) {
      return;
    }
    var input = document.getElementById(button.dataset.copy);
    var status = button.parentElement.querySelector(".copied");
    input.select();
    var done = function () { if (status) { status.textContent = button.dataset.copied; } };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
