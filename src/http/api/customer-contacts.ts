// Owns /api/customers/:id/contacts: a customer's contact people, exactly one of them primary.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addContact } from '../../app/customers/add-contact.ts';
import { editContact } from '../../app/customers/edit-contact.ts';
import { getCustomer } from '../../app/customers/get-customer.ts';
import { removeContact } from '../../app/customers/remove-contact.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';
import { contactJson, errorBody } from './customer-json.ts';

const contactBody = z
  .object({
    name: z.string().max(254),
    role: z.string().max(254).nullable(),
    email: z.string().max(254).nullable(),
    phone: z.string().max(64).nullable(),
    isPrimary: z.boolean(),
  })
  .partial()
  .strict();

const out = (c: z.infer<typeof contactJson>) => ({
  id: c.id,
  name: c.name,
  role: c.role,
  email: c.email,
  phone: c.phone,
  isPrimary: c.isPrimary,
});

export const customerContactsApi: DepsPlugin = async (app, { deps }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const customer = z.object({ id: z.string().min(1).max(200) });
  const contact = customer.extend({ contactId: z.string().min(1).max(64) });

  api.get(
    '/customers/:id/contacts',
    {
      config: { scope: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: "A customer's contacts, the primary first",
        params: customer,
        response: { 200: z.object({ items: z.array(contactJson) }), 404: errorBody },
      },
    },
    async (request) => ({
      items: (await getCustomer(deps, apiActorOf(request), request.params.id)).contacts.map(out),
    }),
  );

  api.post(
    '/customers/:id/contacts',
    {
      config: { scope: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Add a contact; the first one, or one sent with isPrimary, becomes the primary contact',
        params: customer,
        body: contactBody.required({ name: true }),
        response: { 201: contactJson, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request, reply) =>
      reply.code(201).send(out(await addContact(deps, apiActorOf(request), request.params.id, request.body))),
  );

  api.patch(
    '/customers/:id/contacts/:contactId',
    {
      config: { scope: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Change a contact; isPrimary true makes it the one primary contact',
        params: contact,
        body: contactBody,
        response: { 200: contactJson, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) =>
      out(
        await editContact(
          deps,
          apiActorOf(request),
          request.params.id,
          request.params.contactId,
          request.body,
        ),
      ),
  );

  api.delete(
    '/customers/:id/contacts/:contactId',
    {
      config: { scope: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Remove a contact; the oldest remaining one becomes primary if it was',
        params: contact,
        response: { 204: z.null(), 403: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      await removeContact(deps, apiActorOf(request), request.params.id, request.params.contactId);
      return reply.code(204).send(null);
    },
  );
};
