// Starts a web process (like `npm run web`) on an existing database and prints a session cookie for a
// user, so HTTP timings can be taken on a library built earlier (e.g. a bench/.cache copy).
// Usage: node bench/probes/web-on-db.ts DATABASE_URL USER_ID PORT
import { connectDatabase } from '../../src/db/client.ts';
import { createSession, SESSION_COOKIE } from '../../src/auth/session.ts';
import { spawnWebProcess } from '../../tests/helpers/web-process.ts';
import { processEnv } from '../../tests/helpers/worker-process.ts';

const [url = '', userId = '1', port = '3200'] = process.argv.slice(2);
const { sql, close } = connectDatabase(url, { max: 1 });
console.log(`${SESSION_COOKIE}=${(await createSession(sql, Number(userId))).token}`);
await close();
const web = await spawnWebProcess(processEnv(url, 'http://127.0.0.1:9', { SEARCHES_PER_MINUTE_PER_USER: '0', SEARCHES_PER_MINUTE_PER_IP: '0' }), Number(port));
console.log(`web on ${web.baseUrl}`);
process.on('SIGINT', () => void web.stop().then(() => process.exit(0)));
