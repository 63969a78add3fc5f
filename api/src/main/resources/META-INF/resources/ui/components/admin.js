// Controls that change something need an admin key when authentication is on.

import { canAdmin, needsAdminText } from '../api.js';

/**
 * With a read key (or none while auth is on) a control that changes something is disabled and says why in its
 * tooltip; a link becomes a disabled button-like element without a target. With auth off nothing changes.
 */
export function adminOnly(el) {
  if (canAdmin()) return el;
  el.title = needsAdminText();
  el.classList.add('needs-admin');
  if (el.tagName === 'A') {
    el.removeAttribute('href');
    el.setAttribute('aria-disabled', 'true');
    el.setAttribute('role', 'link');
  } else {
    el.disabled = true;
  }
  return el;
}
