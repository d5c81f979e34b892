import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { setOperation } from './actor.js';

/** The first root field's name, through inline fragments and fragment spreads. */
function firstField(selectionSet: SelectionSetNode, document: DocumentNode): string | null {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) return selection.name.value;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const name = firstField(selection.selectionSet, document);
      if (name) return name;
    } else {
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      const name = fragment?.kind === Kind.FRAGMENT_DEFINITION ? firstField(fragment.selectionSet, document) : null;
      if (name) return name;
    }
  }
  return null;
}

/** The name an operation is audited under: its own, or its first root field's when it is anonymous. */
export function auditOperationName(operation: OperationDefinitionNode, document: DocumentNode): string {
  return operation.name?.value ?? firstField(operation.selectionSet, document) ?? operation.operation;
}

/**
 * Names the audit scope's operation once Apollo has resolved it. The scope itself is entered around the
 * request's execution by `withAuditScope()` (src/audit/actor.ts); outside one this does nothing.
 */
export function auditOperationPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document }) {
          if (operation) setOperation(auditOperationName(operation, document));
        },
      };
    },
  };
}
