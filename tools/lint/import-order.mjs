// @ts-check
// `fleet/import-order`: the import order this codebase already follows, which ESLint's built-in
// `sort-imports` cannot express (it has no notion of inline `type` members) and no sorting plugin is
// installed for:
//   1. declarations: packages first, then relative paths ('../', './'), each group A→Z by module path;
//   2. members inside `{ … }`: values first, then inline `type` members, each group A→Z (case-insensitive).
// Both are auto-fixable (`eslint --fix`): specifiers or statements swap places and the layout stays;
// a run of imports with a comment inside is reported only, so that no comment moves.

/** @param {string} source */
const declarationKey = (source) => [source.startsWith('.') ? 1 : 0, source.toLowerCase()];

/** @param {string} a @param {string} b */
function compareText(a, b) {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** @param {any} specifier @param {any} declaration */
const isTypeMember = (specifier, declaration) => specifier.importKind === 'type' && declaration.importKind !== 'type';

/** @param {any} declaration */
function compareMembers(declaration) {
  /** @param {any} a @param {any} b */
  return (a, b) => {
    const group = Number(isTypeMember(a, declaration)) - Number(isTypeMember(b, declaration));
    return group !== 0 ? group : compareText(a.local.name, b.local.name);
  };
}

/** @type {import('eslint').Rule.RuleModule} */
export const importOrder = {
  meta: {
    type: 'layout',
    fixable: 'code',
    docs: { description: 'Imports: packages then relative paths, A→Z; members: values then `type` members, A→Z.' },
    schema: [],
    messages: {
      declaration: "Import of '{{source}}' should come before '{{previous}}' (packages first, then relative paths, each A→Z).",
      member: "Member '{{name}}' should come before '{{previous}}' (values first, then `type` members, each A→Z).",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;

    /** @param {any} node */
    function checkMembers(node) {
      const members = node.specifiers.filter((/** @type {any} */ s) => s.type === 'ImportSpecifier');
      const compare = compareMembers(node);
      const index = members.findIndex((/** @type {any} */ s, /** @type {number} */ i) => i > 0 && compare(members[i - 1], s) > 0);
      if (index < 0) return;
      const sorted = [...members].sort(compare);
      const first = members[0];
      const last = members[members.length - 1];
      const hasComments = sourceCode.getCommentsInside(node).some((c) => c.range[0] > first.range[0] && c.range[1] < last.range[1]);
      context.report({
        node: members[index],
        messageId: 'member',
        data: { name: members[index].local.name, previous: members[index - 1].local.name },
        fix: hasComments
          ? null
          : (fixer) => members.map((/** @type {any} */ s, /** @type {number} */ i) => fixer.replaceText(s, sourceCode.getText(sorted[i]))),
      });
    }

    /**
     * One run of import declarations: adjacent statements, none of them a side-effect import
     * (`import 'reflect-metadata'` stays where it is and separates runs).
     * @param {any[]} run
     */
    function checkDeclarations(run) {
      const sorted = [...run].sort((a, b) => {
        const [ga, sa] = declarationKey(a.source.value);
        const [gb, sb] = declarationKey(b.source.value);
        return ga - gb || (sa < sb ? -1 : sa > sb ? 1 : 0);
      });
      const first = run[0];
      const last = run[run.length - 1];
      // comments inside the run, or trailing its last line, would end up beside another import
      const hasComments = sourceCode
        .getAllComments()
        .some((c) => c.range[0] > first.range[0] && (c.range[1] < last.range[1] || c.loc?.start.line === last.loc.end.line));
      let fixed = false;
      for (let i = 1; i < run.length; i++) {
        const [pg, ps] = declarationKey(run[i - 1].source.value);
        const [g, s] = declarationKey(run[i].source.value);
        if (pg < g || (pg === g && ps <= s)) continue;
        context.report({
          node: run[i],
          messageId: 'declaration',
          data: { source: run[i].source.value, previous: run[i - 1].source.value },
          // One fix per run: rewrite the run in order, keeping the whitespace between statements.
          fix:
            hasComments || fixed
              ? null
              : (fixer) => {
                  let text = '';
                  for (let j = 0; j < run.length; j++) {
                    text += sourceCode.getText(sorted[j]);
                    if (j < run.length - 1) text += sourceCode.text.slice(run[j].range[1], run[j + 1].range[0]);
                  }
                  return fixer.replaceTextRange([first.range[0], last.range[1]], text);
                },
        });
        fixed = true;
      }
    }

    return {
      /** @param {any} program */
      Program(program) {
        /** @type {any[]} */
        let run = [];
        for (const statement of [...program.body, null]) {
          if (statement?.type === 'ImportDeclaration' && statement.specifiers.length > 0) {
            run.push(statement);
            continue;
          }
          if (run.length > 1) checkDeclarations(run);
          run = [];
        }
      },
      ImportDeclaration: checkMembers,
    };
  },
};

/** The local plugin, registered as `fleet` in eslint.config.mjs. */
export default { meta: { name: 'fleet-local' }, rules: { 'import-order': importOrder } };
