import Table from "cli-table3";

const PLAIN_CHARS = {
  top: "", "top-mid": "", "top-left": "", "top-right": "",
  bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
  left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "  ",
};

/**
 * A table: boxed on a terminal, borderless aligned columns in a pipe (greppable), colour only when allowed.
 */
export function renderTable(head: string[], rows: (string | number)[][], options: { boxed: boolean; color: boolean }): string {
  const table = new Table({
    head,
    style: { head: options.color ? ["cyan"] : [], border: options.color ? ["grey"] : [], "padding-left": options.boxed ? 1 : 0, "padding-right": options.boxed ? 1 : 0 },
    ...(options.boxed ? {} : { chars: PLAIN_CHARS }),
  });
  table.push(...rows);
  return table.toString().split("\n").map((line) => line.trimEnd()).join("\n");
}
