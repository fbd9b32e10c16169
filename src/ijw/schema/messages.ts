// All iJw 3.2 message descriptions, looked up by type or by root namespace.
import { JW305, JW306, JW307, JW308 } from './start-stop.ts';
import { JW301, JW302 } from './toewijzing.ts';
import { JW315, JW316, JW317, JW318, JW319, JW320 } from './verzoeken.ts';
import { JW323, JW325 } from './declaraties.ts';
import type { MessageSchema, MessageType } from './message-kit.ts';
import type { ElementDecl, Particle } from './schema-model.ts';

export { BERICHT_CODE, MESSAGE_TYPES, messageNamespace, type MessageSchema, type MessageType } from './message-kit.ts';

export const MESSAGE_SCHEMAS: Record<MessageType, MessageSchema> = {
  JW301, JW302, JW305, JW306, JW307, JW308, JW315, JW316, JW317, JW318, JW319, JW320, JW323, JW325,
};

const byNamespace = new Map<string, MessageSchema>(Object.values(MESSAGE_SCHEMAS).map((m) => [m.ns, m]));

export function schemaForNamespace(ns: string): MessageSchema | undefined {
  return byNamespace.get(ns);
}

function findChild(particles: readonly Particle[], local: string): ElementDecl | undefined {
  for (const p of particles) {
    if (p.kind === 'element') {
      if (p.name.local === local) return p;
    } else {
      const d = findChild(p.particles, local);
      if (d !== undefined) return d;
    }
  }
  return undefined;
}

/**
 * The declaration of the element at `path` in a message of `type`: local names below the root,
 * separated by '/', e.g. "Client/StartProducten/StartProduct/ToewijzingNummer". Undefined when the
 * message type has no such element. Readers use it to take a value by the type the XSD declares.
 */
export function declarationAt(type: MessageType, path: string): ElementDecl | undefined {
  let decl: ElementDecl | undefined = MESSAGE_SCHEMAS[type].root;
  for (const local of path.split('/')) {
    if (decl === undefined || decl.type.kind !== 'complex') return undefined;
    decl = findChild(decl.type.content.particles, local);
  }
  return decl;
}
