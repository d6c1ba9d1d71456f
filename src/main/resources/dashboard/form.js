// The start form: target rows, the test's settings, and the API's validation errors placed next
// to the field they name.

const EXAMPLES = [
  { name: 'node', url: 'http://127.0.0.1:3000/api/books' },
  { name: 'bun', url: 'http://127.0.0.1:3001/api/books' },
];

export function setUpForm(form, { onSubmit }) {
  const rows = form.querySelector('#target-rows');

  function renumber() {
    [...rows.children].forEach((row, i) => {
      row.querySelector('[name=target-name]').dataset.field = `targets[${i}].name`;
      row.querySelector('[name=target-url]').dataset.field = `targets[${i}].url`;
      row.querySelector('.field-error').dataset.errorFor = `targets[${i}]`;
    });
  }

  function addRow(target) {
    const row = document.createElement('div');
    row.className = 'target-row-wrap';
    row.innerHTML =
      '<div class="target-row">' +
      '<input name="target-name" aria-label="Target name" placeholder="name">' +
      '<input name="target-url" aria-label="Target URL" placeholder="http://host:port/path">' +
      '<button type="button" class="remove" title="Remove target">×</button></div>' +
      '<p class="field-error"></p>';
    row.querySelector('[name=target-name]').value = target.name;
    row.querySelector('[name=target-url]').value = target.url;
    row.querySelector('.remove').addEventListener('click', () => {
      row.remove();
      renumber();
    });
    rows.append(row);
    renumber();
  }

  EXAMPLES.forEach(addRow);
  form.querySelector('#add-target').addEventListener('click', () =>
    addRow({ name: `t${rows.children.length + 1}`, url: '' }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    onSubmit(readForm(form));
  });
}

function readForm(form) {
  const value = (name) => form.elements[name].value.trim();
  const body = {
    targets: [...form.querySelectorAll('.target-row')].map((row) => ({
      name: row.querySelector('[name=target-name]').value.trim(),
      url: row.querySelector('[name=target-url]').value.trim(),
    })),
    duration_seconds: Number(value('duration_seconds')),
    connections: Number(value('connections')),
    method: value('method'),
  };
  if (value('rate_per_second') !== '') {
    body.rate_per_second = Number(value('rate_per_second'));
  }
  const headers = {};
  for (const line of value('headers').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  }
  if (Object.keys(headers).length > 0) {
    body.headers = headers;
  }
  if (value('body') !== '') {
    body.body = value('body');
  }
  return body;
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((p) => (p.textContent = ''));
  form.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
}

// Shows an API error beside its field: the field itself, else the nearest enclosing one
// ("targets[1].url" → "targets[1]" → "targets"), else the form's general line.
export function showError(form, field, message) {
  let key = field || '';
  for (;;) {
    const input = form.querySelector(`[data-field="${CSS.escape(key)}"]`);
    if (input) {
      input.classList.add('invalid');
    }
    const inputRow = input && input.closest('.target-row-wrap');
    const line =
      (inputRow && inputRow.querySelector('.field-error')) ||
      form.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
    if (line) {
      line.textContent = message;
      return;
    }
    const cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    key = cut > 0 ? key.slice(0, cut) : key === '' ? null : '';
    if (key === null) {
      return;
    }
  }
}
