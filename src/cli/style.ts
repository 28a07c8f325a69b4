import chalk from 'chalk'

/** The few colours broker uses, so every command reads alike. Chalk honours NO_COLOR and pipes. */
export const paint = {
  error: (text: string) => chalk.red.bold(text),
  warning: (text: string) => chalk.yellow.bold(text),
  ok: (text: string) => chalk.green(text),
  dim: (text: string) => chalk.dim(text),
  heading: (text: string) => chalk.bold(text),
  key: (text: string) => chalk.cyan(text),
}
