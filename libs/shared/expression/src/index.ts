export * from './ast';
export { parse } from './parser';
export { evaluate, evaluateCondition, type Variables } from './evaluator';
export { FUNCTIONS, type ExpressionFunction } from './functions';
export * from './helpers';
