// Controls: a form built from the settings tables (the common ones, the chosen
// method's row, the sampler's), and the state ↔ query string mapping, so a
// URL gives back the same settings (only values that differ from the defaults
// are written).
import { COMMON, METHODS, SAMPLING, method, type SettingSpec, type Settings, type Value } from './methods.js';

const common = (): SettingSpec[] => COMMON.map((s) => (s.key === 'method' ? { ...s, options: METHODS.map((m) => m.id) } : s));

/** Every setting that applies with the given method. */
export function specsFor(methodId: string): SettingSpec[] {
  return [...common(), ...method(methodId).settings, ...SAMPLING];
}

/** A value checked against its spec, or the default (a hand-edited URL must not break the page). */
function valid(spec: SettingSpec, raw: unknown): Value {
  if (spec.options) return spec.options.includes(String(raw)) ? String(raw) : spec.default;
  const v = Number(raw);
  if (raw === '' || raw === null || raw === undefined || !Number.isFinite(v)) return spec.default;
  const c = Math.min(spec.max ?? Infinity, Math.max(spec.min ?? -Infinity, spec.int ? Math.round(v) : v));
  return c;
}

/** Settings from a query string; missing or bad values take their defaults. */
export function fromQuery(search: string): Settings {
  const q = new URLSearchParams(search);
  const m = METHODS.some((r) => r.id === q.get('method')) ? q.get('method')! : String(COMMON.find((s) => s.key === 'method')!.default);
  const out: Settings = {};
  for (const spec of specsFor(m)) out[spec.key] = q.has(spec.key) ? valid(spec, q.get(spec.key)) : spec.default;
  out.method = m;
  return out;
}

/** Painted points are written as `paint=x,y;x,y;…` (two decimals, as they are painted). */
export function paintedFromQuery(search: string): number[] {
  const raw = new URLSearchParams(search).get('paint');
  if (!raw) return [];
  const out: number[] = [];
  for (const pair of raw.split(';')) {
    const [x, y] = pair.split(',').map(Number);
    if (Number.isFinite(x) && Number.isFinite(y)) out.push(x!, y!);
  }
  return out;
}

export function toQuery(s: Settings, painted: readonly number[] = []): string {
  const q = new URLSearchParams();
  for (const spec of specsFor(String(s.method))) {
    const v = s[spec.key];
    if (v !== undefined && String(v) !== String(spec.default)) q.set(spec.key, String(v));
  }
  q.set('method', String(s.method)); // always: the URL says which method it is about
  if (s.data === 'painted' && painted.length) {
    const pairs: string[] = [];
    for (let i = 0; i + 1 < painted.length; i += 2) pairs.push(`${painted[i]},${painted[i + 1]}`);
    q.set('paint', pairs.join(';'));
  }
  return `?${q}`.replace(/%2C/g, ',').replace(/%3B/g, ';');
}

/**
 * Fills `form` with one labelled input per setting; `changed` gets the new
 * settings after every edit, made from the current ones (`current()`, read at
 * the edit: the form outlives many edits). A method change re-builds the form.
 */
export function buildForm(form: HTMLElement, current: () => Settings, changed: (s: Settings) => void) {
  const settings = current();
  form.replaceChildren();
  const section = (title: string) => {
    const h = document.createElement('h3');
    h.textContent = title;
    form.append(h);
  };
  const add = (spec: SettingSpec) => {
    const label = document.createElement('label');
    label.textContent = spec.label;
    let input: HTMLInputElement | HTMLSelectElement;
    if (spec.options) {
      input = document.createElement('select');
      for (const o of spec.options) {
        const opt = document.createElement('option');
        opt.value = o;
        opt.textContent = spec.key === 'method' ? method(o).label : o;
        input.append(opt);
      }
    } else {
      input = document.createElement('input');
      input.type = 'number';
      if (spec.min !== undefined) input.min = String(spec.min);
      if (spec.max !== undefined) input.max = String(spec.max);
      input.step = spec.int ? '1' : 'any';
    }
    input.name = spec.key;
    input.id = `set-${spec.key}`;
    input.value = String(settings[spec.key] ?? spec.default);
    input.addEventListener('change', () => {
      const next = { ...current(), [spec.key]: valid(spec, input.value) };
      if (spec.key === 'method') {
        // the new method's settings start at their defaults
        for (const s of method(String(next.method)).settings) next[s.key] = s.default;
      }
      input.value = String(next[spec.key]);
      changed(next);
    });
    label.append(input);
    form.append(label);
  };
  section('Data');
  common().slice(0, 3).forEach(add);
  section('Model');
  add(common()[3]!);
  method(String(settings.method)).settings.forEach(add);
  section('Sampling');
  SAMPLING.forEach(add);
}
