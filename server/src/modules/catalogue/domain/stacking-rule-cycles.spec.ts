import { findRequirementCycle } from './stacking-rule';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('stacking rule cycles', () => {
  it('finds none when the stack only goes down', () => {
    const requires = graph({
      expert: ['word-expert', 'excel-expert'],
      'word-expert': [],
      'excel-expert': [],
    });
    expect(findRequirementCycle('expert', ['word-expert', 'excel-expert'], requires)).toBeNull();
  });

  it('finds a credential requiring itself', () => {
    expect(findRequirementCycle('a', ['a'], graph({}))).toEqual(['a', 'a']);
  });

  it('finds a two-step loop through an existing credential', () => {
    expect(findRequirementCycle('a', ['b'], graph({ b: ['a'] }))).toEqual(['a', 'b', 'a']);
  });

  it('finds a loop several stacks deep and reports the whole path', () => {
    const requires = graph({ b: ['x', 'c'], c: ['d'], d: ['a'], x: [] });
    expect(findRequirementCycle('a', ['b'], requires)).toEqual(['a', 'b', 'c', 'd', 'a']);
  });

  it('judges the proposed requirements, not the ones stored today', () => {
    // today a requires b and b requires nothing; rewriting a to need nothing removes any risk
    expect(findRequirementCycle('a', [], graph({ a: ['b'], b: ['a'] }))).toBeNull();
    // b gaining a requirement on a closes the loop through what a requires today
    expect(findRequirementCycle('b', ['a'], graph({ a: ['b'], b: [] }))).toEqual(['b', 'a', 'b']);
  });

  it('allows a diamond: two stacks sharing a requirement is not a loop', () => {
    const requires = graph({ left: ['base'], right: ['base'], base: [] });
    expect(findRequirementCycle('top', ['left', 'right'], requires)).toBeNull();
  });

  it('terminates on a loop elsewhere in the graph that does not involve the credential', () => {
    const requires = graph({ b: ['c'], c: ['b'] });
    expect(findRequirementCycle('a', ['b'], requires)).toBeNull();
  });
});
