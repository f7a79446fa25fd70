// The one small DOM helper the panel modules share.

/** A new element with a class (or none) and a text (inserted as text, never as HTML). */
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
