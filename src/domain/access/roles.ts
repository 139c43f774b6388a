// Owns the one question about a role name that is not a permission: is this person a member of a role that
// closeloop.yaml names to pick people (an approval level's { role: finance }, the reps routing offers leads to).
export function hasRole(person: { roles: readonly string[] }, role: string): boolean {
  return person.roles.includes(role);
}
