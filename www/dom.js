// Small DOM and formatting helpers shared by the demo's modules. `el` sets properties, never
// HTML; alert boxes and field errors are filled with text.

export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('aria-') || key === 'role' || key === 'for') node.setAttribute(key, String(value));
    else node[key] = value;
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/** A list's status line after a failed load ("Showing 1–25 of 36."): the rows on show are from before it. */
export const staleText = (text) => `${text.replace(/\.$/, '')}, as listed before the last load failed.`;

export function seconds(ms) {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const clockFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function timeElement(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return document.createTextNode(iso || '—');
  return el('time', { dateTime: iso, title: date.toISOString() },
    el('span', { class: 'day' }, dayFormat.format(date)), ' ', el('span', { class: 'clock muted' }, clockFormat.format(date)));
}

export function relativeTime(date) {
  const diff = (date.getTime() - Date.now()) / 1000;
  /** @type {[Intl.RelativeTimeFormatUnit, number][]} */
  const units = [['year', 31_536_000], ['month', 2_592_000], ['day', 86_400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(diff) >= size) return relativeFormat.format(Math.round(diff / size), unit);
  }
  return relativeFormat.format(0, 'minute');
}

export function hostOf(baseUrl) {
  try {
    return new URL(baseUrl, location.href).host;
  } catch {
    return baseUrl;
  }
}

/**
 * Makes a button unavailable (or available again) with aria-disabled rather than disabled: a
 * disabled button loses focus, and the keyboard user who just pressed it would be thrown back to
 * the top of the page. Its click handler must check `isUnavailable`.
 */
export function setUnavailable(button, unavailable) {
  if (unavailable) button.setAttribute('aria-disabled', 'true');
  else button.removeAttribute('aria-disabled');
}

export const isUnavailable = (button) => button.getAttribute('aria-disabled') === 'true';

/**
 * When to try again: in as long as the server asked to wait (`retryAfterMs`, from Retry-After),
 * "in 30 s", "in 2 min", "in 3 h"; "in a moment" when it did not say. The messages and
 * the retry button's countdown word it alike.
 */
export function waitWords(retryAfterMs) {
  if (!(retryAfterMs > 0)) return 'in a moment';
  const secs = Math.ceil(retryAfterMs / 1000);
  if (secs < 120) return `in ${secs} s`;
  const minutes = Math.ceil(secs / 60);
  if (minutes < 120) return `in ${minutes} min`;
  const hours = Math.ceil(minutes / 60);
  return hours < 48 ? `in ${hours} h` : `in ${Math.ceil(hours / 24)} days`;
}

/**
 * The longest wait the retry button is held for. A server may ask for hours (or, broken, for
 * years): the message says so, but the button stays usable, since the person may know better.
 */
const LONGEST_HOLD_MS = 5 * 60_000;

/**
 * Shows an error in an alert box (`#error`, `#create-error`), with a retry button if given.
 * Hiding a box that holds the focus (its Try again just worked) moves the focus to `focusAfter`,
 * else to the heading of the box's section, so it does not fall back to the top of the page.
 */
export function showAlert(box, described, retry, { focusAfter } = {}) {
  clearInterval(box.countdown);
  if (!described) {
    const hadFocus = !box.hidden && box.contains(document.activeElement);
    box.hidden = true;
    if (hadFocus) (focusAfter ?? box.closest('section')?.querySelector('h2[tabindex]'))?.focus();
    return;
  }
  box.querySelector('.alert-title').textContent = described.title;
  box.querySelector('.alert-detail').textContent = described.detail;
  const button = box.querySelector('.alert-retry');
  if (button) {
    button.hidden = !retry;
    button.onclick = retry ? () => { if (!isUnavailable(button)) retry(); } : null;
    setUnavailable(button, false);
    button.textContent = 'Try again';
    if (retry && described.retryAfterMs > 0 && described.retryAfterMs <= LONGEST_HOLD_MS) {
      const until = Date.now() + described.retryAfterMs;
      const tick = () => {
        const left = Math.ceil((until - Date.now()) / 1000);
        setUnavailable(button, left > 0);
        button.textContent = left > 0 ? `Try again ${waitWords(until - Date.now())}` : 'Try again';
        if (left <= 0) clearInterval(box.countdown);
      };
      tick();
      box.countdown = setInterval(tick, 1000);
    }
  }
  box.hidden = false;
}

export function setFieldError(input, message) {
  const box = $(`${input.id}-error`) ?? $(input.dataset.errorId);
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
  } else {
    input.removeAttribute('aria-invalid');
    if (box) {
      box.textContent = '';
      box.hidden = true;
    }
  }
}
