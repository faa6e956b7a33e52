import type { Generated } from 'kysely';

export interface ClubTables {
  clubs: {
    club_uuid: string;
    leader_uuid: string;
    name: string;
    field: string;
    location: string;
    floor: number;
    club_concept: string;
    introduction: string;
    link: string;
    logo_version: number;
    /** true while the club exists, null once deleted: unique (name|location|leader, active) then binds live clubs only. */
    active: boolean | null;
    created_at: string;
    updated_at: string;
    deleted_at: string | null;
  };
  /** `seq` keeps the order members joined in (the form's order for the founders). */
  club_members: { seq: Generated<number>; club_uuid: string; student_uuid: string; joined_at: string };
  recruitments: {
    recruitment_uuid: string;
    club_uuid: string;
    recruit_concept: string;
    start_period: string;
    end_period: string | null;
    created_at: string;
    deleted_at: string | null;
  };
  recruit_members: { recruitment_uuid: string; position: number; grade: number; field: string; number: number };
  club_files: { file_key: string; content_type: string; bytes: Uint8Array; updated_at: string };
}
