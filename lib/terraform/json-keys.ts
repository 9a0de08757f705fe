/**
 * Repeated keys in a JSON text. `JSON.parse` keeps the last of two equal
 * keys, but another reader may keep both (HCL's JSON syntax can read a
 * repeated block-type key as more blocks): a check that saw only the last
 * could be shown something other than what Terraform runs. So a stack with a
 * repeated key is refused before it is checked.
 */

type Frame = { readonly keys: Set<string>; key?: string } | { index: number };

/** The JSON path of the object or list on top of `stack` (`resource.helm_release`, `a[2]`). */
function pathOf(stack: readonly Frame[]): string {
  return stack
    .slice(0, -1)
    .map((f) => ("index" in f ? `[${f.index}]` : `.${f.key ?? ""}`))
    .join("")
    .replace(/^\./, "");
}

/** The end of the string token that starts at `i` (the index of its closing quote). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
  return j;
}

/** Whether the next character after `i` that is not white space is a colon: the string before it is a key. */
function colonFollows(text: string, i: number): boolean {
  let k = i + 1;
  while (k < text.length && /\s/.test(text[k]!)) k++;
  return text[k] === ":";
}

/** Each repeated key, with the path of its object. `text` must be valid JSON (parse it first). */
export function duplicateKeys(text: string): { path: string; key: string }[] {
  const out: { path: string; key: string }[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (top && "keys" in top && colonFollows(text, end)) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) out.push({ path: pathOf(stack), key });
        top.keys.add(key);
        top.key = key;
      }
      i = end;
    } else if (c === "{" || c === "[") {
      stack.push(c === "{" ? { keys: new Set() } : { index: 0 });
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === "," && top && "index" in top) {
      top.index++;
    }
  }
  return out;
}
