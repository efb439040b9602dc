/** The tests' Slack is the sandbox's stand-in: one implementation of the Web API Hotwash calls. */
export {
  SlackStandIn as FakeSlack,
  asShown,
  type InjectedFailure,
  type PostedMessage,
  type SlackCall,
  type SlackUser,
  type UploadedFile,
} from '../../src/sandbox/slack-stand-in';
