/** Elements of the page's static HTML (src/web/index.html): a missing one is a build mistake, said plainly. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T;
export function byId(id: string): HTMLElement;
export function byId(id: string, type: new () => HTMLElement = HTMLElement): HTMLElement {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`ring page: #${id} missing from index.html`);
  return element;
}

export function within<T extends HTMLElement>(root: ParentNode, selector: string, type: new () => T): T;
export function within(root: ParentNode, selector: string): HTMLElement;
export function within(root: ParentNode, selector: string, type: new () => HTMLElement = HTMLElement): HTMLElement {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`ring page: ${selector} missing`);
  return element;
}

/** Elements from markup (src/view/markup.ts): parsed inert in a <template>, then adopted by the caller. */
export function fromHtml(html: string): HTMLElement[] {
  const template = document.createElement("template");
  template.innerHTML = html;
  return [...template.content.children].filter((e) => e instanceof HTMLElement);
}
