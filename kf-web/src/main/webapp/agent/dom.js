// Building the console's elements. Text goes in through textContent, never as HTML, so whatever a
// visitor or the server sent is shown as it is and never run.

/** A new element of `tag`, with `className` and the text `text` when they are given. */
export function make(tag, className, text) {
  const element = document.createElement(tag);
  if (className) {
    element.className = className;
  }
  if (text != null) {
    element.textContent = text;
  }
  return element;
}
