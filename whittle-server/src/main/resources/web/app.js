// Whittle's pages: small progressive enhancements. Everything works without this file; it adds copying,
// the organization switcher submitting on change, fields that depend on another field, and a busy state.
(function () {
  'use strict';

  function onReady(fn) {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', fn);
    } else {
      fn();
    }
  }

  // Copy buttons: data-copy names the element whose text is copied.
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) {
      return;
    }
    var text = (source.value !== undefined ? source.value : source.textContent).trim();
    var done = function () {
      var label = button.textContent;
      button.textContent = 'Copied';
      button.setAttribute('aria-live', 'polite');
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
    } else {
      selectText(source);
      try { document.execCommand('copy'); done(); } catch (e) { /* the text stays selected for Ctrl-C */ }
    }
  });

  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  // The organization switcher submits when another organization is picked; its button stays for keyboards.
  document.addEventListener('change', function (event) {
    if (event.target.matches('select[data-autosubmit]')) {
      event.target.form.requestSubmit();
    }
    if (event.target.closest('form')) {
      applyConditions(event.target.closest('form'));
    }
  });

  // Fields shown only when another field has some values (data-shown-when / data-shown-values).
  function applyConditions(form) {
    form.querySelectorAll('[data-shown-when]').forEach(function (field) {
      var other = form.elements[field.getAttribute('data-shown-when')];
      if (!other) {
        return;
      }
      var value = other.type === 'checkbox' ? String(other.checked) : other.value;
      var values = (field.getAttribute('data-shown-values') || '').split(' ');
      field.hidden = values.indexOf(value) < 0;
    });
  }

  // A form that is being sent says so and cannot be sent twice.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.hasAttribute('hx-post')) {
      return; // htmx marks its own requests
    }
    var button = form.querySelector('button[type="submit"]');
    if (button) {
      if (form.getAttribute('data-sending') === 'true') {
        event.preventDefault();
        return;
      }
      form.setAttribute('data-sending', 'true');
      button.setAttribute('aria-busy', 'true');
    }
  });

  onReady(function () {
    document.querySelectorAll('form').forEach(applyConditions);
  });
})();
