/** One benchmark figure, and printing figures as a Markdown table. */
export interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export function printTable(title: string, rows: Row[]): void {
  const lines = [
    `### ${title}`,
    "",
    "| measure | value | unit | target |",
    "| --- | ---: | --- | --- |",
    ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.unit} | ${r.target ?? ""} |`),
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
