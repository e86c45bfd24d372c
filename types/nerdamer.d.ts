// nerdamer 1.1.13 has no types: the part nnrg uses (parse, expand, print, LaTeX).
declare module 'nerdamer' {
  interface Expression {
    toString(): string;
    toTeX(): string;
    text(opt?: string): string;
    evaluate(subs?: Record<string, string | number>): Expression;
    expand(): Expression;
    variables(): string[];
  }
  interface Nerdamer {
    (expr: string, subs?: Record<string, string | number>, opt?: string | string[]): Expression;
    convertToLaTeX(expr: string): string;
    getCore(): unknown;
  }
  const nerdamer: Nerdamer;
  export default nerdamer;
}
