// X-ray report pages: small enhancements over pages that work without them. Filters a table as one types, makes the
// explorer's selects apply at once, asks before deleting a report, and moves on to the report when its job is done.
(function () {
  'use strict';

  document.addEventListener('input', function (event) {
    var input = event.target.closest('[data-filter-table]');
    if (!input) {
      return;
    }
    var table = document.getElementById(input.getAttribute('data-filter-table'));
    if (!table) {
      return;
    }
    var q = input.value.trim().toLowerCase();
    table.querySelectorAll('tbody tr').forEach(function (row) {
      row.hidden = q !== '' && row.textContent.toLowerCase().indexOf(q) < 0;
    });
  });

  document.addEventListener('change', function (event) {
    if (event.target.matches('select[data-autosubmit-explorer]')) {
      event.target.form.requestSubmit();
    }
  });

  document.addEventListener('submit', function (event) {
    var button = event.submitter;
    if (button && button.hasAttribute('data-confirm') && !window.confirm(button.getAttribute('data-confirm'))) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // When the status partial says the X-ray is done, open the report.
  document.addEventListener('htmx:afterSwap', function (event) {
    var follow = event.target.querySelector && event.target.querySelector('[data-follow]');
    if (!follow && event.target.matches && event.target.matches('[data-follow]')) {
      follow = event.target;
    }
    if (follow) {
      window.location.assign(follow.getAttribute('href'));
    }
  });
})();
