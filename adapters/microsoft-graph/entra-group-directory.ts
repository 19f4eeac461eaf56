import { LRUCache } from 'lru-cache';
import { DependencyError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { GroupDirectory } from '../../src/ports/group-directory.js';
import type { GraphClient } from './graph-client.js';
import { GraphRefusal } from './graph-errors.js';

export interface EntraGroupDirectoryOptions {
  /**
   * How long an answer is reused. Short, because a removal from a group must count soon; long
   * enough that a burst of messages or approval clicks makes one Graph call per person and group.
   */
  readonly ttlMs?: number;
  readonly maxAnswers?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

const UNREACHABLE =
  'I cannot reach Microsoft Entra ID right now to check your group membership, so I could not go on. ' +
  'Please try again in a few minutes.';
const NOT_PERMITTED =
  'I am not allowed to read Microsoft Entra group memberships in this organisation, so I cannot tell ' +
  'whether you are in a group named in the settings. Ask a Steward admin to grant the permission or to list you by name.';

interface Question {
  readonly tenantId: string;
  readonly objectId: string;
  readonly groupId: string;
}

/**
 * Membership of Microsoft Entra groups (group object ids), asked of Microsoft Graph for the
 * person's Entra object id in their own tenant. Transitive: someone in a group nested in the
 * listed one is a member. Answers are cached per tenant, person and group for a short while, and
 * concurrent questions share one call. A group or person the directory does not know is "not a
 * member" (logged); Graph being unreachable, or refusing Steward the permission, is an error
 * that the person is told about, never a silent "no".
 */
export class EntraGroupDirectory implements GroupDirectory {
  private readonly answers: LRUCache<string, boolean, Question>;

  constructor(
    graph: GraphClient,
    private readonly logger: Logger,
    options: EntraGroupDirectoryOptions = {},
  ) {
    this.answers = new LRUCache({
      max: options.maxAnswers ?? 5_000,
      ttl: options.ttlMs ?? 60_000,
      fetchMethod: async (_key, _stale, { context }) => {
        try {
          const matched = await graph.checkMemberGroups(context.tenantId, context.objectId, [
            context.groupId,
          ]);
          return matched.some((id) => id.toLowerCase() === context.groupId);
        } catch (error) {
          return this.answerForRefusal(error, context);
        }
      },
    });
  }

  async isMember(query: Parameters<GroupDirectory['isMember']>[0]): Promise<boolean> {
    if (query.platform !== 'teams') {
      return false;
    }
    const objectId = query.directoryId?.trim().toLowerCase();
    if (objectId === undefined || !GUID.test(objectId)) {
      // Only Teams itself says who someone is in Entra; the Emulator and Web Chat do not.
      this.logger.debug({ groupId: query.groupId }, 'entra group not checked: no entra object id');
      return false;
    }
    if (!GUID.test(query.tenantId)) {
      this.logger.debug(
        { groupId: query.groupId, tenantId: query.tenantId },
        'entra group not checked: no tenant',
      );
      return false;
    }
    const groupId = query.groupId.trim().toLowerCase();
    if (!GUID.test(groupId)) {
      this.logger.warn({ groupId: query.groupId }, 'entra group id is not an object id; nobody is in it');
      return false;
    }
    const tenantId = query.tenantId.toLowerCase();
    const answer = await this.answers.fetch(`${tenantId}#${objectId}#${groupId}`, {
      context: { tenantId, objectId, groupId },
    });
    return answer ?? false;
  }

  /** What a refusal means for one question: a definite "no", or an error the person hears about. */
  private answerForRefusal(error: unknown, question: Question): boolean {
    if (error instanceof DependencyError) {
      throw new DependencyError(error.dependency, error.message, {
        cause: error,
        userMessage: error.userMessage ?? UNREACHABLE,
        code: error.code === 'DEPENDENCY_THROTTLED' ? 'DEPENDENCY_THROTTLED' : 'DEPENDENCY_UNAVAILABLE',
      });
    }
    if (!(error instanceof GraphRefusal)) {
      throw error;
    }
    const fields = {
      tenantId: question.tenantId,
      objectId: question.objectId,
      groupId: question.groupId,
      status: error.status,
      graphCode: error.graphCode,
      graphMessage: error.graphMessage,
    };
    switch (error.status) {
      case 400:
      case 404:
        // Graph names the missing object: the person (left the directory, a guest elsewhere) or
        // the group (deleted, or an id from another tenant). Either way nobody here is in it.
        this.logger.warn(
          fields,
          error.graphMessage.toLowerCase().includes(question.groupId)
            ? 'entra group unknown'
            : 'entra user unknown',
        );
        return false;
      case 401:
      case 403:
        this.logger.error(
          {
            ...fields,
            fix: 'grant the bot’s app registration the Microsoft Graph application permissions GroupMember.Read.All and User.Read.All (or Directory.Read.All) with admin consent in this tenant, or set TEAMS_GROUP_LOOKUP=off',
          },
          'entra group membership not readable',
        );
        throw new DependencyError('microsoft-graph', error.message, {
          cause: error,
          userMessage: NOT_PERMITTED,
        });
      default:
        throw new DependencyError('microsoft-graph', error.message, {
          cause: error,
          userMessage: UNREACHABLE,
        });
    }
  }
}
