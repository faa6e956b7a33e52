import type { RequiredProgram } from '@mosaic/kit/testing/engines';

// Debian's package `prometheus` brings both; the tests run the machine's own binaries, never downloaded ones.
export const PROMETHEUS: RequiredProgram = {
  name: 'prometheus',
  path: process.env.MOSAIC_PROMETHEUS || '/usr/bin/prometheus',
  install: 'install it (apt install prometheus) or set MOSAIC_PROMETHEUS to its path',
};

export const PROMTOOL: RequiredProgram = {
  name: 'promtool',
  path: process.env.MOSAIC_PROMTOOL || '/usr/bin/promtool',
  install: 'install it (apt install prometheus) or set MOSAIC_PROMTOOL to its path',
};
