import { randomInt } from 'node:crypto';

const LEFT = [
  'admiring',
  'brave',
  'clever',
  'dazzling',
  'eager',
  'focused',
  'gallant',
  'happy',
  'jolly',
  'keen',
  'loving',
  'modest',
  'nifty',
  'optimistic',
  'peaceful',
  'quirky',
  'relaxed',
  'serene',
  'tender',
  'upbeat',
  'vibrant',
  'wizardly',
  'youthful',
  'zealous',
];
const RIGHT = [
  'albattani',
  'bell',
  'curie',
  'darwin',
  'euclid',
  'fermi',
  'galileo',
  'hopper',
  'turing',
  'kepler',
  'lovelace',
  'meitner',
  'newton',
  'noether',
  'pascal',
  'ritchie',
  'shannon',
  'tesla',
  'thompson',
  'wozniak',
  'yalow',
  'zhukovsky',
];

/** Docker-style `adjective_surname` names for containers created without --name. */
export function generateName(): string {
  return `${LEFT[randomInt(LEFT.length)]}_${RIGHT[randomInt(RIGHT.length)]}`;
}
