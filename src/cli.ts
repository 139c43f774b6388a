#!/usr/bin/env node
// Owns the `closeloop` entry point: `closeloop start` goes straight to serve (its database starts while the app's
// modules load); every other command goes through the command line, which loads the use cases the commands call.
const [command, ...rest] = process.argv.slice(2);
if (command === 'start' && rest.length === 0) await (await import('./serve.ts')).serve(process.env);
else await (await import('./cli/program.ts')).runProgram(process.argv);
