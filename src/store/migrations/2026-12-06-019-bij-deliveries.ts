// Frozen in time. The providers' CBS deliveries (Beleidsinformatie Jeugd v7) as a second source
// [issue 15]: every delivery is logged (who, when, how many records), and the records of a provider's
// half year are replaced as a whole by its latest delivery (a correction resends the whole period).
// Nothing identifying: the young person is the keyed pseudonym (as in the traffic), the birth date
// its month, the postcode its four digits.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table bij_delivery (
    id bigserial primary key,
    provider text not null,
    period text not null,
    delivered_on date not null,
    delivered_at timestamptz not null default clock_timestamp(),
    login text not null,
    source text not null,
    rows_read integer not null,
    records integer not null,
    merged integer not null,
    replaced integer not null,
    late boolean not null
  )`,
  `create index bij_delivery_provider_period on bij_delivery (provider, period)`,
  `create table bij_record (
    provider text not null,
    period text not null,
    person text not null,
    care_form text not null,
    start_date date not null,
    has_bsn boolean not null,
    birth_month text not null,
    gender text not null,
    pc4 text,
    municipality text,
    referrer text not null,
    crisis boolean not null,
    end_date date,
    end_reason text,
    measurements text not null,
    primary key (provider, period, person, care_form, start_date)
  )`,
  `create index bij_record_period on bij_record (period)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
