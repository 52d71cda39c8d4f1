/* Tag suggestions under a search box, as the reader types.
   Any input with data-suggest-url gets them; the list follows the ARIA
   combobox pattern: arrows move, Enter opens the tag's page, Escape closes. */
(function () {
  "use strict";

  function setUp(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var timer = null;
    var active = -1;
    var items = [];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
      }
    }

    function render(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (suggestion, i) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        link.href = suggestion.url;
        link.tabIndex = -1;
        link.textContent = suggestion.name;
        item.appendChild(link);
        if (suggestion.alias) {
          var alias = document.createElement("span");
          alias.className = "alias";
          alias.textContent = " (" + suggestion.alias + ")";
          item.appendChild(alias);
        }
        var count = document.createElement("span");
        count.className = "count";
        count.textContent = suggestion.count;
        item.appendChild(count);
        list.appendChild(item);
        return item;
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      active = -1;
    }

    function fetchSuggestions() {
      var typed = input.value.trim();
      if (!typed) {
        close();
        return;
      }
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(typed))
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (input.value.trim() === typed) {
            render(data.suggestions);
          }
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + items.length) % items.length);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].querySelector("a").href;
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 200);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
  });
})();
